import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { connectorPackages, ROOT } from '../src/workspace.js';

interface BundleReport {
  name: string;
  minifiedBytes: number;
  gzippedBytes: number;
  initialGzippedBytes: number;
  nodeForge: string;
  nodeForgeInputs: number;
  nodeForgeTextFound: string[];
  leftExternal: string[];
}

// scripts/bundle-size.mjs (`pnpm size`) bundles each connector's dist/index.js for the browser
// the way an application would and reports the sizes that go in the README.
let reports: BundleReport[] = [];
const report = (name: string) => reports.find((r) => r.name === name);

beforeAll(async () => {
  const result = await run(process.execPath, [join(ROOT, 'scripts/bundle-size.mjs'), '--json'], {
    cwd: ROOT,
  });
  expect(result.code, result.output).toBe(0);
  reports = JSON.parse(result.stdout);
});

it('reports every connector of the manifest', () => {
  expect(reports.map((r) => r.name)).toEqual(
    expect.arrayContaining(connectorPackages().map((p) => p.name)),
  );
  for (const r of reports) {
    expect(r.minifiedBytes, r.name).toBeGreaterThan(1_000);
    expect(r.gzippedBytes, r.name).toBeLessThan(r.minifiedBytes);
    expect(r.initialGzippedBytes, r.name).toBeLessThanOrEqual(r.gzippedBytes);
  }
});

describe.each(['@paykit/connector-yabandpay', '@paykit/connector-liquido'])('%s', (name) => {
  it('leaves node-forge out of its browser bundle', () => {
    const r = report(name);
    expect(r, `${name} was not measured`).toBeDefined();
    expect(r?.nodeForge).toBe('no');
    expect(r?.nodeForgeInputs).toBe(0);
    expect(r?.nodeForgeTextFound).toEqual([]);
  });
});

it('says whether node-forge is in the PayerMax bundle, and how it is loaded', () => {
  const r = report('@paykit/connector-payermax');
  expect(r, 'PayerMax was not measured').toBeDefined();
  expect(['no', 'yes, lazily (dynamic import)', 'yes, statically imported']).toContain(
    r?.nodeForge,
  );
  // The bundle and the source-text check agree.
  expect(r?.nodeForgeInputs === 0).toBe(r?.nodeForgeTextFound.length === 0);
});

it('finds node-forge in the bundle of the connector that depends on it: the check can fail', () => {
  // Core loads node-forge lazily where it is installed; PayerMax installs it. Its bundle is the
  // control for the detection above.
  const payermax = connectorPackages().find((p) => p.name === '@paykit/connector-payermax');
  expect(payermax?.manifest.dependencies?.['node-forge']).toBeDefined();
  expect(report('@paykit/connector-payermax')?.nodeForge).not.toBe('no');
});

it('keeps the README table in step with the connectors', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /<!-- bundle-sizes:start -->([\s\S]*?)<!-- bundle-sizes:end -->/.exec(
    readme,
  )?.[1];
  expect(
    section,
    'README.md has no "Bundle sizes" section: run pnpm size --write-readme',
  ).toBeDefined();
  for (const r of reports) expect(section).toContain(`\`${r.name}\``);
});
