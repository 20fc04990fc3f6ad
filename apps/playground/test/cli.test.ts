import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_SETUPS } from '../src/shared/connectors/index.js';
import {
  DEMO_SECRETS_VARIABLE,
  type DemoSecrets,
  demoSecretValues,
  generateDemoSecrets,
} from '../src/shared/demo-secrets.js';
import type { CallOutcome } from '../src/shared/outcome.js';
import type { PaymentRow } from '../src/shared/types.js';
import { expectNoSecrets } from './helpers/secrets.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

let demoSecrets: DemoSecrets;
const transcripts: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// The CLI runs with fixed throwaway credentials, so that its output can be searched for them.
function run(file: string, args: readonly string[], cwd = appDir): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        env: {
          ...process.env,
          NO_COLOR: '1',
          [DEMO_SECRETS_VARIABLE]: JSON.stringify(demoSecrets),
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        transcripts.push(stdout, stderr);
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
const cli = (...args: string[]) => run(tsx, ['src/cli/main.ts', ...args]);

let lists: Record<string, PaymentRow[]>;
/** `@n` of the first payment of a connector that matches. */
const position = (connector: string, match: (p: PaymentRow) => boolean) =>
  `@${lists[connector]!.findIndex(match) + 1}`;

beforeAll(async () => {
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

  it('cancels a PayCash reference with --target reference, as JSON', async () => {
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

  it('prints no secret, whatever it printed', () => {
    expect(transcripts.length).toBeGreaterThan(20);
    expectNoSecrets(
      transcripts.join('\n'),
      demoSecretValues(ALL_SETUPS, demoSecrets),
      'the CLI output',
    );
  });
});
