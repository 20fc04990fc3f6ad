import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The benchmark in its reduced form (BENCH_QUICK=1: 300 calls x 3 rounds), so that CI runs it
// and catches a gross regression. The targets are judged on full runs (`pnpm bench`), whose
// numbers go to docs/performance.md; a quick run on a busy CI machine is too noisy for them.
const packageDir = join(import.meta.dirname, '..');

// About a minute on a quiet machine; a loaded one may take several, which is not a failure.
it('runs the benchmark in its quick form and measures every contender', {
  timeout: 600_000,
}, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageDir, 'bench', 'run.ts')], {
    cwd: packageDir,
    env: {
      ...process.env,
      BENCH_QUICK: '1',
      // The load run has its own test (load.test.ts).
      BENCH_ONLY: 'http,connectors,rsa,imports',
      BENCH_OUTPUT: 'bench-quick',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, output).toBe(0);

  const results = JSON.parse(
    readFileSync(join(packageDir, 'test-output', 'bench-quick.json'), 'utf8'),
  );
  const http = results.httpLayer as Record<string, number>;
  for (const value of Object.values(http)) expect(value).toBeGreaterThan(0);
  // Gross regressions only: the core client at under 40% of raw fetch, or paykit at under half
  // of a plain ky call, is something broken, not noise.
  expect(http.core! / http.fetch!).toBeGreaterThan(0.4);
  for (const [name, r] of Object.entries(
    results.connectors as Record<string, Record<string, number>>,
  )) {
    expect(r.paykit! / r.ky!, name).toBeGreaterThan(0.5);
  }
  expect(results.rsa.signMs.paykit / results.rsa.signMs.native).toBeLessThan(3);
  for (const ms of Object.values(results.coldImportMs as Record<string, number>)) {
    expect(ms).toBeGreaterThan(0);
  }
  expect(readFileSync(join(packageDir, 'test-output', 'bench-quick.md'), 'utf8')).toContain(
    '| cancelPayment |',
  );
});
