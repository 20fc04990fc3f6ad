import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbes } from '../src/bundle.js';
import { CONNECTORS, FLOWS } from '../src/fixture.js';
import { MATRIX_DIR, ROOT } from '../src/paths.js';
import { inPool, RUNTIMES, type RuntimeRun, runRuntime } from '../src/runtimes.js';
import { type Simulators, startSimulators } from '../src/simulators.js';
import { cell, renderMatrix, withMatrix } from '../src/table.js';

// Every runtime × connector × flow, against the simulators served from this Node process. The
// runtimes run side by side (three at a time: two cores), each on payments of its own.

const README = join(ROOT, 'README.md');
let sims: Simulators;
let runs: RuntimeRun[] = [];
let started = 0;

beforeAll(async () => {
  started = Date.now();
  const [probes, simulators] = await Promise.all([buildProbes(), startSimulators()]);
  sims = simulators;
  runs = await inPool(RUNTIMES, 3, (runtime) => runRuntime(runtime, { probes, sims }));
  const report = RUNTIMES.map(
    (runtime, i) =>
      `${runtime.label}: ${runs[i]!.version ?? 'did not start'}, ${runs[i]!.ms} ms${runs[i]!.failure ? ` — ${runs[i]!.failure}` : ''}`,
  ).join('\n');
  mkdirSync(join(MATRIX_DIR, 'test-output'), { recursive: true });
  writeFileSync(
    join(MATRIX_DIR, 'test-output/runtime-matrix.md'),
    `${renderMatrix(RUNTIMES, runs)}\n\nVersions and times (whole matrix ${Date.now() - started} ms):\n\n${report}\n`,
  );
  writeFileSync(
    join(MATRIX_DIR, 'test-output/runtime-matrix.json'),
    `${JSON.stringify(
      RUNTIMES.map((runtime, i) => ({ runtime: runtime.label, ...runs[i] })),
      null,
      2,
    )}\n`,
  );
  console.log(`runtime matrix in ${Date.now() - started} ms\n${report}`);
});

afterAll(async () => {
  await sims?.close();
});

describe.each(RUNTIMES.map((runtime, i) => [runtime.label, i] as const))('%s', (label, index) => {
  it('ran the probe', () => {
    const run = runs[index]!;
    expect(run.failure, `${label}: ${run.failure}`).toBeUndefined();
    expect(run.outcomes?.length).toBe(CONNECTORS.length * FLOWS.length);
  });

  describe.each(CONNECTORS.map((c) => [c] as const))('%s', (connector) => {
    it.each(FLOWS.map((f) => [f] as const))('%s', (flow) => {
      expect(cell(runs[index]!, connector, flow)).toBe('pass');
    });
  });
});

it('README.md shows the matrix of this run (UPDATE_DOCS=1 rewrites it)', () => {
  const table = renderMatrix(RUNTIMES, runs);
  const doc = readFileSync(README, 'utf8');
  if (process.env.UPDATE_DOCS === '1') writeFileSync(README, withMatrix(doc, table));
  const now = readFileSync(README, 'utf8');
  expect(withMatrix(now, table)).toBe(now);
});
