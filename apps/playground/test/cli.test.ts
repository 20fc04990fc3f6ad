import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SETUPS } from '../src/shared/connectors/index.js';
import {
  DEMO_SECRETS_VARIABLE,
  type DemoSecrets,
  demoSecretValues,
  generateDemoSecrets,
} from '../src/shared/demo-secrets.js';
import type { CallOutcome } from '../src/shared/outcome.js';
import type { PaymentRow } from '../src/shared/types.js';
import { startRedis } from './helpers/redis.js';
import { expectNoSecrets } from './helpers/secrets.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(appDir, 'dist/cli.js');
const playgroundVersion = (
  JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { version: string }
).version;
const work = mkdtempSync(join(tmpdir(), 'playground-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let demoSecrets: DemoSecrets;
const transcripts: string[] = [];
/** The credentials the cache test's runs made and kept. */
const cachedSecrets: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// The CLI runs with fixed throwaway credentials, so that its output can be searched for them.
const testEnv = () => ({
  ...process.env,
  NO_COLOR: '1',
  REDIS_URL: '',
  PLAYGROUND_NO_CACHE: '1',
  [DEMO_SECRETS_VARIABLE]: JSON.stringify(demoSecrets),
});

function run(
  file: string,
  args: readonly string[],
  cwd = appDir,
  env: NodeJS.ProcessEnv = testEnv(),
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        env,
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        transcripts.push(stdout, stderr);
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
/** The built bin, as the README calls it. */
const cli = (...args: string[]) => run(process.execPath, [bin, ...args]);

let lists: Record<string, PaymentRow[]>;
/** `@n` of the first payment of a connector that matches. */
const position = (connector: string, match: (p: PaymentRow) => boolean) =>
  `@${lists[connector]!.findIndex(match) + 1}`;

beforeAll(async () => {
  // The tests run the built bin; turbo's test task builds first, a direct vitest run may not have.
  if (!existsSync(bin)) execFileSync('pnpm', ['run', 'build'], { cwd: appDir, stdio: 'ignore' });
  demoSecrets = await generateDemoSecrets(ALL_SETUPS);
  const { code, stdout } = await cli('list', '--json');
  expect(code).toBe(0);
  const parsed = JSON.parse(stdout) as { connectors: { id: string; payments: PaymentRow[] }[] };
  lists = Object.fromEntries(parsed.connectors.map((c) => [c.id, c.payments]));
});

describe('the playground CLI', () => {
  it('lists every connector as JSON, the same demo data the server shows', () => {
    expect(Object.keys(lists)).toEqual(['liquido', 'payermax', 'yabandpay', 'acme-pay']);
    expect(lists.liquido!.map((p) => p.id)).toContain('sim-br-0001');
    expect(lists.payermax!.some((p) => p.state === 'AUTHORIZED')).toBe(true);
  });

  it('lists one connector as a table for people', async () => {
    const { code, stdout } = await cli('list', 'yabandpay');
    expect(code).toBe(0);
    expect(stdout).toContain('YabandPay (yabandpay, simulator)');
    expect(stdout).toMatch(/@1\s+[0-9a-f-]{36}\s+POS\s/);
    expect(stdout).toContain('cancellable');
  });

  it('cancels a payment and prints the result and the requests', async () => {
    const { code, stdout } = await cli(
      'cancel',
      'liquido',
      position('liquido', (p) => p.cancellable && p.options?.target === 'charge'),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('✔ cancelled  liquido sim-br-');
    expect(stdout).toMatch(/provider status\s+CANCELLED/);
    expect(stdout).toMatch(
      /→ POST http:\/\/127\.0\.0\.1:\d+\/v1\/payments\/charges\/cancel\/sim-br-/,
    );
  });

  it('cancels a PayCash reference given as @N as a reference, without --target', async () => {
    const at = position('liquido', (p) => p.cancellable && p.options?.target === 'reference');
    const reference = lists.liquido![Number(at.slice(1)) - 1]!;
    const { code, stdout } = await cli('cancel', 'liquido', at, '--json');
    expect(code).toBe(0);
    const outcome = JSON.parse(stdout) as CallOutcome;
    expect(outcome.ok && outcome.result).toMatchObject({
      status: 'cancelled',
      paymentId: reference.id,
    });
    expect(outcome.events[outcome.events.length - 2]).toMatchObject({
      kind: 'request',
      url: expect.stringContaining(`/references/cancel/${reference.id}`),
    });
  });

  it('cancels a PayCash reference by id with --target reference', async () => {
    const reference = lists.liquido!.find(
      (p) => p.cancellable && p.options?.target === 'reference',
    )!;
    const { code, stdout } = await cli(
      'cancel',
      'liquido',
      reference.id,
      '--target',
      'reference',
      '--json',
    );
    expect(code).toBe(0);
    const outcome = JSON.parse(stdout) as CallOutcome;
    expect(outcome.ok && outcome.result).toMatchObject({
      status: 'cancelled',
      paymentId: reference.id,
    });
  });

  it('exits 1 with the error in words when the provider refuses', async () => {
    const { code, stderr } = await cli(
      'cancel',
      'yabandpay',
      position('yabandpay', (p) => p.state === 'cancelled'),
      '--request-id',
      'cliRequest000000000000001',
    );
    expect(code).toBe(1);
    expect(stderr).toContain('✖ already_cancelled');
    expect(stderr).toMatch(/provider code\s+-4116/);
    expect(stderr).toMatch(/request id\s+cliRequest000000000000001/);
  });

  it('injects a fault and reports the error as parseable JSON, exit 1', async () => {
    const { code, stdout } = await cli(
      'cancel',
      'payermax',
      position('payermax', (p) => p.cancellable),
      '--fault',
      'bad-signature',
      '--json',
    );
    expect(code).toBe(1);
    const outcome = JSON.parse(stdout) as CallOutcome;
    expect(!outcome.ok && outcome.error).toMatchObject({
      code: 'signature_invalid',
      retryable: false,
    });
    expect(outcome.events[0]).toMatchObject({ kind: 'request', method: 'POST' });
  });

  it('watches a retry recover with --fault-once, and shows what was signed with --verbose', async () => {
    const { code, stdout } = await cli(
      'cancel',
      'acme-pay',
      '@1',
      '--fault',
      '503',
      '--fault-once',
      '--verbose',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('fault 503 ×1');
    expect(stdout).toContain('(attempt 2)');
    expect(stdout).toContain('string to sign:');
    expect(stdout).toContain('authorization: [REDACTED]');
  });

  it("passes the connector's validation issues through", async () => {
    const { code, stdout } = await cli('cancel', 'yabandpay', '@1', '--method', 'refund', '--json');
    expect(code).toBe(1);
    const outcome = JSON.parse(stdout) as CallOutcome;
    expect(!outcome.ok && outcome.error.code).toBe('invalid_request');
    expect(!outcome.ok && outcome.error.issues?.join(' ')).toContain(
      'must be "reversal", "cancel" or "silent"',
    );
    expect(outcome.events).toEqual([]);
  });

  it.each([
    [['cancel', 'liquido'], 'cancel needs a connector and a payment id'],
    [
      ['cancel', 'stripe', 'x'],
      'No connector "stripe" is registered. Registered: "liquido", "payermax", "yabandpay", "acme-pay".',
    ],
    [
      ['cancel', 'liquido', 'x', '--fault', 'meteor'],
      '--fault must be one of 503, timeout, reset, bad-signature',
    ],
    [
      ['cancel', 'liquido', 'x', '--method', 'silent'],
      'liquido has no option --method; its options: --target.',
    ],
    [['cancel', 'liquido', 'x', '--colour'], "Unknown option '--colour'"],
    [['refund', 'liquido', 'x'], 'Unknown command "refund"'],
    [['--colour'], "Unknown option '--colour'"],
    [['list', '--fault', '503'], "Unknown option '--fault'"],
    [['list', 'liquido', 'payermax'], 'list takes at most one connector'],
    [['cancel', 'payermax', '@1', '--wait-for', '5'], '--wait-for needs --wait'],
    [['cancel', 'payermax', '@1', '--wait', '--wait-for', 'soon'], '--wait-for must be a number'],
    [['cancel', 'payermax', '@999'], '@999 is not one of them'],
    [['help', 'refund'], 'No command "refund"'],
    [['cancel-batch'], 'cancel-batch takes one file'],
    [['cancel-batch', 'cancels.txt'], 'must end in .csv or .jsonl'],
    [['cancel-batch', 'missing.csv'], 'no such file'],
    [['cancel-batch', 'cancels.csv', '--registry', './r.mjs'], 'takes no --registry'],
    [['cancel-batch', 'cancels.csv', '--colour'], "Unknown option '--colour'"],
    [['worker'], 'worker needs --redis'],
  ])('exits 2 on a usage error: %s', async (args, message) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('works from the repository root through pnpm', async () => {
    const { code, stdout } = await run(
      'pnpm',
      ['-s', 'playground', 'list', 'acme-pay', '--json'],
      fileURLToPath(new URL('../../..', import.meta.url)),
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).connectors[0].id).toBe('acme-pay');
  });

  it("prints its version and paykit's, without starting anything", async () => {
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await cli(flag);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(
        new RegExp(
          `^paykit playground ${playgroundVersion} \\(@paykit/core \\S+, @paykit/queue \\S+; Node\\.js v`,
        ),
      );
    }
  });

  it.each([
    [['list', '--help'], 'Usage: playground list [connector] [--json]'],
    [['cancel', '--help'], '--wait-for <seconds>'],
    [['cancel', 'liquido', '@1', '-h'], 'Usage: playground cancel <connector> <paymentId>'],
    [['cancel-batch', '--help'], 'Usage: playground cancel-batch <file.csv|file.jsonl>'],
    [['worker', '--help'], 'Usage: playground worker'],
    [['help', 'cancel-batch'], '130 interrupted'],
    [['--help'], 'cancel-batch <file.csv|file.jsonl>'],
  ])('prints the help of a command: %s', async (args, text) => {
    const { code, stdout } = await cli(...args);
    expect(code).toBe(0);
    expect(stdout).toContain(text);
  });

  it('answers a usage error as JSON on stdout with --json, exit 2', async () => {
    const { code, stdout } = await cli('list', '--fault', '503', '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: { code: 'usage', message: expect.stringContaining("Unknown option '--fault'") },
    });
  });

  it('says how to follow a pending cancel, and --wait follows it to the end', async () => {
    const at = position('payermax', (p) => p.cancellable);
    const hint = await cli('cancel', 'payermax', at);
    expect(hint.code).toBe(0);
    expect(hint.stdout).toContain('… pending  payermax');
    expect(hint.stdout).toContain('Add --wait to follow it to the end');

    // PayerMax answers PENDING and settles ~2 s later; its cancel again with the same requestId
    // tells how it stands.
    const { code, stdout } = await cli('cancel', 'payermax', at, '--wait', '--json');
    expect(code).toBe(0);
    const outcome = JSON.parse(stdout) as CallOutcome & {
      wait: { method: string; status: string; providerStatus: string; checks: unknown[] };
    };
    expect(outcome.ok && outcome.result.status).toBe('pending');
    expect(outcome.wait).toMatchObject({
      method: 'repeat-cancel',
      status: 'cancelled',
      providerStatus: 'SUCCESS',
    });
    expect(outcome.wait.checks.length).toBeGreaterThan(0);

    const human = await cli('cancel', 'payermax', at, '--wait');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('following it (--wait)');
    expect(human.stdout).toMatch(/↻ .* the same cancel again: PENDING \(pending\)/);
    expect(human.stdout).toMatch(/✔ cancelled {2}payermax ORDER\S+ {2}after \d+ checks?/);
  });

  it('keeps the throwaway credentials between runs in a private file', async () => {
    const cacheDir = join(work, 'cache');
    const { [DEMO_SECRETS_VARIABLE]: _fixed, ...env } = {
      ...testEnv(),
      PLAYGROUND_CACHE_DIR: cacheDir,
      PLAYGROUND_NO_CACHE: '',
    };
    const first = await run(process.execPath, [bin, 'list', 'acme-pay', '--json'], appDir, env);
    expect(first.code).toBe(0);
    const file = join(cacheDir, 'demo-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const cached = readFileSync(file, 'utf8');
    const second = await run(
      process.execPath,
      [bin, 'cancel', 'acme-pay', '@1', '--json'],
      appDir,
      env,
    );
    expect(second.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(cached);
    cachedSecrets.push(...demoSecretValues(ALL_SETUPS, JSON.parse(cached) as DemoSecrets));
  });

  describe('cancel-batch', () => {
    const csv = (rows: string[][]) =>
      ['connector,paymentId', ...rows.map((row) => row.join(','))].join('\n');
    const results = (file: string) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { key: string; paymentId: string; status: string });

    it('runs a file in-process to one outcome each, with a summary, and resumes without resending', async () => {
      const file = join(work, 'cancels.csv');
      const rows = [
        ['liquido', position('liquido', (p) => p.cancellable && p.options?.target === 'charge')],
        ['liquido', position('liquido', (p) => p.cancellable && p.options?.target === 'reference')],
        ['liquido', position('liquido', (p) => p.state === 'SETTLED')],
        ['payermax', position('payermax', (p) => p.cancellable)],
        ['yabandpay', position('yabandpay', (p) => p.cancellable)],
        ['acme-pay', '@1'],
      ];
      writeFileSync(file, csv(rows));
      const first = await cli('cancel-batch', file);
      // One refusal (a settled charge): exit 1, as for a single cancel.
      expect(first.code, first.stderr).toBe(1);
      expect(first.stdout).toMatch(/total\s+6\s+5\s+1\s+0/);
      expect(first.stdout).toContain(`results: ${file}.results.jsonl`);
      const ended = results(`${file}.results.jsonl`);
      expect(ended.map((o) => [o.paymentId, o.status])).toEqual(
        expect.arrayContaining([
          [rows[0]![1], 'cancelled'],
          [rows[1]![1], 'cancelled'],
          [rows[2]![1], 'refused'],
          [rows[3]![1], 'cancelled'],
          [rows[4]![1], 'cancelled'],
          [rows[5]![1], 'cancelled'],
        ]),
      );

      // Run again (fresh simulators): every job has its outcome, nothing is sent again.
      const again = await cli('cancel-batch', file, '--json');
      expect(again.code).toBe(1);
      const summary = JSON.parse(again.stdout) as {
        connectors: Record<string, { total: number; resumed: number }>;
      };
      expect(Object.values(summary.connectors).map((c) => c.resumed)).toEqual([3, 1, 1, 1]);
      expect(results(`${file}.results.jsonl`)).toHaveLength(6);
    });

    it('stops on Ctrl+C with 130 and finishes the rest when run again', async () => {
      const file = join(work, 'interrupted.jsonl');
      const payermax = lists.payermax!.flatMap((p, i) => (p.cancellable ? [`@${i + 1}`] : []));
      const lines = [
        ...payermax.map((at) => ({ connector: 'payermax', paymentId: at })),
        ...lists.liquido!.flatMap((p, i) =>
          p.cancellable ? [{ connector: 'liquido', paymentId: `@${i + 1}` }] : [],
        ),
      ];
      writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
      const resultsFile = `${file}.results.jsonl`;
      const child = spawn(process.execPath, [bin, 'cancel-batch', file, '--quiet'], {
        cwd: appDir,
        env: testEnv(),
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      // PayerMax's cancels stay pending for ~2 s: stop once the quick Liquido ones ended.
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (exitCode) => resolve(exitCode));
        const timer = setInterval(() => {
          if (existsSync(resultsFile) && results(resultsFile).length > 0) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 50);
      });
      transcripts.push(output);
      expect(code, output).toBe(130);
      expect(output).toContain('Run the same command again to resume');
      const before = results(resultsFile);
      expect(before.length).toBeLessThan(lines.length);

      const again = await cli('cancel-batch', file, '--json');
      expect(again.code, again.stderr).toBe(0);
      const after = results(resultsFile);
      expect(new Set(after.map((o) => o.key)).size).toBe(lines.length);
      // What ended before was read back, not sent again.
      expect(after.slice(0, before.length)).toEqual(before);
      const summary = JSON.parse(again.stdout) as {
        connectors: Record<string, { resumed: number }>;
      };
      expect(Object.values(summary.connectors).reduce((n, c) => n + c.resumed, 0)).toBe(
        new Set(before.map((o) => o.key)).size,
      );
    });

    it('shares the work on Redis with a worker process', async () => {
      const redis = await startRedis();
      const env = { ...testEnv(), REDIS_URL: redis.url };
      const worker = spawn(process.execPath, [bin, 'worker', '--prefix', 'pgtest'], {
        cwd: appDir,
        env,
      });
      let workerOutput = '';
      try {
        await new Promise<void>((resolve, reject) => {
          worker.on('exit', (exitCode) =>
            reject(new Error(`worker exited ${exitCode}: ${workerOutput}`)),
          );
          worker.stdout.on('data', (chunk) => {
            workerOutput += chunk;
            if (workerOutput.includes('ready')) resolve();
          });
          worker.stderr.on('data', (chunk) => (workerOutput += chunk));
        });
        // Positions name the same demo payment in every process's simulators.
        const file = join(work, 'redis.csv');
        writeFileSync(
          file,
          csv([
            [
              'liquido',
              position('liquido', (p) => p.cancellable && p.options?.target === 'charge'),
            ],
            ['yabandpay', position('yabandpay', (p) => p.cancellable)],
            ['acme-pay', '@1'],
          ]),
        );
        const batch = await run(
          process.execPath,
          [bin, 'cancel-batch', file, '--no-work', '--prefix', 'pgtest', '--json'],
          appDir,
          env,
        );
        expect(batch.code, batch.stderr).toBe(0);
        expect(results(`${file}.results.jsonl`).map((o) => o.status)).toEqual([
          'cancelled',
          'cancelled',
          'cancelled',
        ]);
        worker.removeAllListeners('exit');
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(workerOutput).toMatch(/stopped \(3 outcomes seen\)/);
      } finally {
        transcripts.push(workerOutput);
        if (worker.exitCode === null) worker.kill('SIGKILL');
        await redis.stop();
      }
    });
  });

  it('stops pnpm start on Ctrl+C with exit 0 and no pnpm failure banner', async () => {
    // Ctrl+C in a terminal signals the whole foreground process group: pnpm, sh, tsx and node.
    const child = spawn('pnpm', ['start'], {
      cwd: rootDir,
      detached: true,
      env: { ...testEnv(), PORT: '0' },
    });
    let output = '';
    const exited = new Promise<[number | null, string | null]>((resolve) =>
      child.on('exit', (code, signal) => resolve([code, signal])),
    );
    await new Promise<void>((resolve) => {
      const read = (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Press Ctrl+C to stop.')) resolve();
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
    });
    process.kill(-child.pid!, 'SIGINT');
    const [code, signal] = await exited;
    transcripts.push(output);
    expect([code, signal], output).toEqual([0, null]);
    expect(output).not.toContain('ELIFECYCLE');
    expect(output).not.toMatch(/ERR_PNPM|ERR!/);
  });

  it('prints no secret, whatever it printed', () => {
    expect(transcripts.length).toBeGreaterThan(20);
    expectNoSecrets(
      transcripts.join('\n'),
      [...demoSecretValues(ALL_SETUPS, demoSecrets), ...cachedSecrets],
      'the CLI output',
    );
  });
});
