// `pnpm test`: lint, then every package's typecheck and tests, then the summary, which prints
// whatever failed before it; the exit code is non-zero when any step failed.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { reportingPackages } from './test-summary.mjs';

const since = Date.now();
// A report left by an earlier run would not be rewritten on a turbo cache hit (turbo leaves
// outputs that are already in place), and the summary would count that suite as not started:
// removed first, turbo restores each cached report anew.
for (const pkg of reportingPackages()) {
  rmSync(join(pkg.dir, 'test-output'), { recursive: true, force: true });
}
const steps = [
  ['biome', ['check', '.']],
  ['turbo', ['run', 'typecheck', 'test', '--continue']],
];
let failedSteps = 0;
for (const [command, args] of steps) {
  const run = spawnSync(command, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    failedSteps += 1;
    console.error(`\n${command} ${args.join(' ')} failed (exit ${run.status ?? run.signal}).`);
  }
}
const summary = spawnSync(
  process.execPath,
  ['scripts/test-summary.mjs', '--since', String(since)],
  {
    stdio: 'inherit',
  },
);
process.exit(failedSteps > 0 || summary.status !== 0 ? 1 : 0);
