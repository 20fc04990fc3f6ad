import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { parseBatch, type RegistrySetup, runCli } from '../src/cli/index.js';
import type { CancelOutcome } from '../src/index.js';
import { mismatches } from './helpers/expectations.js';
import { cli } from './helpers/processes.js';
import { useRedis } from './helpers/redis.js';
import { DEMO_REGISTRY, type Simulators, startSimulators, toCsv } from './helpers/sim-server.js';

const redis = useRedis();
let sims: Simulators;
let dir: string;
beforeAll(async () => {
  sims = await startSimulators(['--settle-ms', '200', '--reversal-ms', '600']);
  dir = mkdtempSync(join(tmpdir(), 'paykit-cli-'));
});
afterAll(async () => {
  await sims?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const results = (path: string): CancelOutcome[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('parseBatch', () => {
  it('reads CSV with quoted JSON and JSON Lines, and names the bad lines', () => {
    const csv = parseBatch(
      'connector,paymentId,requestId,providerOptions\n# a comment\nliquido,k1,,"{""liquido"":{""target"":""reference""}}"\nyabandpay,t1,req1,\n',
      'csv',
    );
    expect(csv.errors).toEqual([]);
    expect(csv.rows.map((r) => r.input)).toEqual([
      {
        connector: 'liquido',
        paymentId: 'k1',
        providerOptions: { liquido: { target: 'reference' } },
      },
      { connector: 'yabandpay', paymentId: 't1', requestId: 'req1' },
    ]);
    const jsonl = parseBatch(
      '{"connector":"payermax","paymentId":"o1"}\n\nnot json\n{"connector":"x"}',
      'jsonl',
    );
    expect(jsonl.rows.map((r) => r.input)).toEqual([{ connector: 'payermax', paymentId: 'o1' }]);
    expect(jsonl.errors).toEqual(['line 3: not a JSON object', 'line 4: paymentId is missing']);
    expect(parseBatch('paymentId\nx', 'csv').errors).toEqual([
      'line 1: the header has no connector',
      'line 2: connector is missing',
    ]);
  });
});

describe('paykit-queue cancel-batch', () => {
  it('runs a CSV batch in-process: a summary, a results file, and the exit code', async () => {
    const rows = await sims.seed(45);
    const file = join(dir, 'in-process.csv');
    writeFileSync(file, toCsv(rows));
    const run = cli(['cancel-batch', file, '--registry', DEMO_REGISTRY], sims.env);
    const code = await run.exited;
    const outcomes = results(`${file}.results.jsonl`);
    expect(outcomes).toHaveLength(45);
    // The seeds include refusals (cleared, settled, captured, closed): exit code 2.
    expect(code, run.output()).toBe(2);
    const report = (await sims.report()).payments.filter((p) =>
      rows.some((r) => r.paymentId === p.paymentId),
    );
    expect(mismatches(report, outcomes)).toEqual([]);
    const cancelled = outcomes.filter((o) => o.status === 'cancelled').length;
    expect(run.stdout()).toMatch(
      new RegExp(`total\\s+45\\s+${cancelled}\\s+${45 - cancelled}\\s+0`),
    );
    expect(run.stdout()).toContain('results: ');
  });

  it('resumes after an interruption without sending ended cancels again', async () => {
    await sims.configure({ latencyMs: 60 });
    try {
      const rows = await sims.seed(40, { mix: 'cancellable' });
      const file = join(dir, 'resume.jsonl');
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
      const resultsFile = `${file}.results.jsonl`;
      const args = ['cancel-batch', file, '--registry', DEMO_REGISTRY, '--concurrency', '1'];
      const first = cli(args, sims.env);
      // Interrupt once some ended.
      for (;;) {
        await new Promise((r) => setTimeout(r, 50));
        let lines = 0;
        try {
          lines = readFileSync(resultsFile, 'utf8').trim().split('\n').filter(Boolean).length;
        } catch {}
        if (lines >= 6) break;
      }
      first.child.kill('SIGINT');
      expect(await first.exited, first.output()).toBe(130);
      expect(first.output()).toContain('Run the same command again to resume');
      const ended = results(resultsFile);
      expect(ended.length).toBeGreaterThanOrEqual(6);
      expect(ended.length).toBeLessThan(40);
      const before = new Map(
        (await sims.report()).payments.map((p) => [`${p.connector}/${p.paymentId}`, p.requests]),
      );
      const second = cli(args, sims.env);
      expect(await second.exited, second.output()).toBe(0);
      const all = results(resultsFile);
      expect(new Set(all.map((o) => o.key)).size).toBe(40);
      expect(all).toHaveLength(40);
      expect(second.stdout()).toMatch(new RegExp(`total\\s+40\\s+40\\s+0\\s+0\\s+${ended.length}`));
      const report = (await sims.report()).payments.filter((p) =>
        rows.some((r) => r.paymentId === p.paymentId),
      );
      expect(mismatches(report, all)).toEqual([]);
      // A cancel that had ended was not sent again.
      for (const o of ended) {
        const p = report.find((r) => r.paymentId === o.paymentId)!;
        expect(p.requests, o.paymentId).toBe(before.get(`${o.connector}/${o.paymentId}`));
      }
    } finally {
      await sims.configure({ latencyMs: 0 });
    }
  });

  it('shares a batch on Redis with worker processes started apart', async () => {
    const rows = await sims.seed(60, { mix: 'cancellable' });
    const file = join(dir, 'redis.csv');
    writeFileSync(file, toCsv(rows));
    const env = { ...sims.env, REDIS_URL: redis.server.url };
    const workers = [0, 1].map(() =>
      cli(['worker', '--registry', DEMO_REGISTRY, '--name', 'clitest'], env),
    );
    await Promise.all(workers.map((w) => w.waitFor('ready: liquido, payermax, yabandpay')));
    const batch = cli(['cancel-batch', file, '--no-work', '--name', 'clitest', '--json'], env);
    expect(await batch.exited, batch.output()).toBe(0);
    const summary = JSON.parse(batch.stdout().trim().split('\n').pop()!);
    expect(summary.connectors.liquido).toMatchObject({ total: 20, cancelled: 20 });
    expect(results(`${file}.results.jsonl`)).toHaveLength(60);
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    const report = (await sims.report()).payments.filter((p) =>
      rows.some((r) => r.paymentId === p.paymentId),
    );
    expect(mismatches(report, results(`${file}.results.jsonl`))).toEqual([]);
  });

  it('refuses bad usage with exit code 1 and a message', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'connector,paymentId\nliquido,\n');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'connector,paymentId\nliquido,lq-1\n');
    const cases: [string[], string][] = [
      [
        ['cancel-batch', join(dir, 'x.txt'), '--registry', DEMO_REGISTRY],
        'must end in .csv or .jsonl',
      ],
      [['cancel-batch', bad, '--registry', DEMO_REGISTRY], 'line 2: paymentId is missing'],
      [['cancel-batch', good], 'needs --registry'],
      [['worker', '--registry', DEMO_REGISTRY], 'needs --redis'],
      [['frobnicate'], 'unknown command'],
    ];
    for (const [args, message] of cases) {
      const run = cli(args, { ...sims.env, REDIS_URL: '' });
      expect(await run.exited, args.join(' ')).toBe(1);
      expect(run.output()).toContain(message);
    }
  });

  it('runs embedded: the caller gives the registry and its own exit codes', async () => {
    const rows = await sims.seed(12);
    const file = join(dir, 'embedded.csv');
    writeFileSync(file, toCsv(rows));
    const { default: demoRegistry } = (await import(DEMO_REGISTRY)) as {
      default: () => RegistrySetup;
    };
    let closed = 0;
    const stdout = collect();
    const stderr = collect();
    const options = {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: { ...process.env, ...sims.env, REDIS_URL: '' },
      interrupted: new Promise<void>(() => {}),
      // The demo registry reads these simulators' state file from the environment.
      setup: async () => {
        const saved = { ...process.env };
        Object.assign(process.env, sims.env);
        try {
          return {
            ...demoRegistry(),
            close: () => {
              closed += 1;
            },
          };
        } finally {
          for (const name of Object.keys(sims.env)) {
            if (saved[name] === undefined) delete process.env[name];
            else process.env[name] = saved[name];
          }
        }
      },
      exitCodes: { usage: 2, refused: 4 },
      name: 'embedder',
    };
    // The seeds include refusals: the caller's code for them.
    expect(await runCli(['cancel-batch', file, '--quiet'], options), stderr.text()).toBe(4);
    expect(closed).toBe(1);
    expect(results(`${file}.results.jsonl`)).toHaveLength(12);
    expect(await runCli(['cancel-batch', file, '--colour'], options)).toBe(2);
    expect(await runCli(['cancel-batch', join(dir, 'x.txt')], options)).toBe(2);
    expect(stderr.text()).toContain('embedder: ');
    expect(closed).toBe(1);
  });
});

it('prints its name and version with --version, and exits 0', async () => {
  const stdout = collect();
  expect(await runCli(['--version'], { stdout: stdout.stream, name: 'embedder' })).toBe(0);
  expect(stdout.text()).toBe(`embedder ${pkg.version}\n`);
});

/** A writable stream that keeps what it was given. */
function collect() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}
