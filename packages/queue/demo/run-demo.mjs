#!/usr/bin/env node
// `pnpm --filter @paykit/queue demo`: starts the simulators (demo/simulators.mjs, with latency and
// a few faults), seeds DEMO_JOBS payments (default 300) over the three providers, writes them to a
// CSV and runs `paykit-queue cancel-batch` on it: in-process, or on Redis when REDIS_URL is set
// (start `paykit-queue worker` processes on other shells to share the work; the command for them
// is printed). Stops the simulators when the batch ends.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_STATE } from './registry.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const state = process.env.PAYKIT_DEMO_STATE ?? DEFAULT_STATE;
const jobs = Number(process.env.DEMO_JOBS ?? 300);

const sims = spawn(
  process.execPath,
  [
    join(here, 'simulators.mjs'),
    '--state',
    state,
    '--latency',
    '40',
    '--jitter',
    '40',
    '--p5xx',
    '0.03',
    '--plost',
    '0.02',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const ready = await new Promise((resolve, reject) => {
  let out = '';
  sims.stdout.on('data', (d) => {
    out += d;
    const line = out.split('\n').find((l) => l.startsWith('READY '));
    if (line) resolve(JSON.parse(line.slice(6)));
  });
  sims.once('exit', (code) => reject(new Error(`the simulators exited (${code})`)));
});
const seeded = await (
  await fetch(`${ready.control}/seed`, { method: 'POST', body: JSON.stringify({ count: jobs }) })
).json();
const quote = (text) => `"${text.replace(/"/g, '""')}"`;
const csv = join(tmpdir(), `paykit-queue-demo-${Date.now()}.csv`);
writeFileSync(
  csv,
  [
    'connector,paymentId,providerOptions',
    ...seeded.payments.map((p) =>
      [
        p.connector,
        p.paymentId,
        p.providerOptions ? quote(JSON.stringify(p.providerOptions)) : '',
      ].join(','),
    ),
  ].join('\n'),
);
const registry = join(here, 'registry.mjs');
const bin = join(here, '../dist/cli/bin.js');
console.error(`${jobs} cancels in ${csv}`);
if (process.env.REDIS_URL) {
  console.error(
    `workers on other shells: PAYKIT_DEMO_STATE=${state} node ${bin} worker --registry ${registry} --redis ${process.env.REDIS_URL}`,
  );
}
const batch = spawn(process.execPath, [bin, 'cancel-batch', csv, '--registry', registry], {
  stdio: 'inherit',
  env: { ...process.env, PAYKIT_DEMO_STATE: state },
});
process.on('SIGINT', () => {});
const code = await new Promise((resolve) => batch.once('exit', (c) => resolve(c ?? 1)));
sims.kill('SIGTERM');
process.exitCode = code;
