import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const core = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(core, 'dist');

async function builtCode(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await builtCode(path)));
    else if (/\.(c|m)?js$/.test(entry.name)) files.push(path);
  }
  return files;
}

// Loads core's build (both entries) in a fresh Node whose resolver refuses every @opentelemetry module, sends
// a request through the HTTP layer to a loopback server, and checks that the refusal works.
const CHILD = `
import { register } from 'node:module';
import { createServer } from 'node:http';
register('data:text/javascript,' + encodeURIComponent(
  "export async function resolve(specifier, context, next) {" +
  "  if (specifier.startsWith('@opentelemetry/')) throw new Error('refused ' + specifier);" +
  "  return next(specifier, context);" +
  "}"));
const server = createServer((req, res) => res.end('{"ok":true}'));
await new Promise((done) => server.listen(0, '127.0.0.1', done));
await import(process.argv[1]);
const author = await import(process.argv[2]);
const { http } = author.createConnectorRuntime({
  connector: 'acme', connectorVersion: '1.0.0', baseUrls: {}, secrets: [],
  settings: { baseUrl: 'http://127.0.0.1:' + server.address().port, environment: 'sandbox', timeoutMs: 5000, maxRetries: 0 },
});
const answer = await http.request({ method: 'GET', url: '/ping' });
server.close();
let refused = false;
try { await import('@opentelemetry/api'); } catch (error) { refused = /refused/.test(error.message); }
console.log(JSON.stringify({ status: answer.status, refused }));
`;

describe('without a tracer, OpenTelemetry stays out', () => {
  it('core is built', () => {
    expect(existsSync(join(dist, 'index.js')), 'run `pnpm build` first').toBe(true);
  });

  it('no built file of core imports or names @opentelemetry', async () => {
    const files = await builtCode(dist);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(await readFile(file, 'utf8'), file).not.toContain('@opentelemetry');
    }
  });

  it('core loads and sends requests where no @opentelemetry module can be resolved', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        CHILD,
        pathToFileURL(join(dist, 'index.js')).href,
        pathToFileURL(join(dist, 'connector', 'index.js')).href,
      ],
      { cwd: core, timeout: 60_000 },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ status: 200, refused: true });
  });
});
