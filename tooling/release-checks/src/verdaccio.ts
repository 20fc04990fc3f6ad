import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Where verdaccio keeps the published packages. */
  storage: string;
  /** What verdaccio printed, for assertion messages. */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

// Anyone may read and publish; no uplinks, so nothing is ever fetched from or sent to the
// public registry.
function config(storage: string): string {
  return `storage: ${JSON.stringify(storage)}
auth:
  htpasswd:
    file: ${JSON.stringify(join(storage, 'htpasswd'))}
    max_users: -1
uplinks: {}
packages:
  '**':
    access: $all
    publish: $anonymous
    unpublish: $anonymous
log: { type: stdout, format: pretty, level: http }
`;
}

/** Starts verdaccio on 127.0.0.1 at a free port with its storage in `dir`. */
export async function startVerdaccio(dir: string): Promise<LocalRegistry> {
  const storage = join(dir, 'storage');
  mkdirSync(storage, { recursive: true });
  const configPath = join(dir, 'verdaccio.yaml');
  writeFileSync(configPath, config(storage));
  const require = createRequire(import.meta.url);
  const executable = join(dirname(require.resolve('verdaccio/package.json')), 'bin/verdaccio');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [executable, '--config', configPath, '--listen', `127.0.0.1:${port}`],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited early:\n${output}`);
    const ok = await fetch(`${url}-/ping`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { url, storage, log: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`verdaccio did not start within 30 s:\n${output}`);
}
