// Start-up of the built CLI (dist/cli.js), as ratios against a bare `node -e ""` measured in the
// same run, and against the CLI through tsx (how `pnpm playground` ran it before the build).
// Run after a build: `pnpm --filter @paykit/playground bench`. A report, not a gate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(appDir, 'dist/cli.js');
const tsx = join(appDir, 'node_modules/.bin/tsx');
const ROUNDS = 7;
// The credentials cache as a user has it after a first run (warmed below).
const cacheDir = mkdtempSync(join(tmpdir(), 'playground-bench-'));
const env = { ...process.env, NO_COLOR: '1', REDIS_URL: '', PLAYGROUND_CACHE_DIR: cacheDir };

function median(file, args) {
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    execFileSync(file, args, { cwd: appDir, env, stdio: 'ignore' });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

execFileSync(process.execPath, [bin, 'list'], { cwd: appDir, env, stdio: 'ignore' });
const baseline = median(process.execPath, ['-e', '']);
const rows = [
  ['node dist/cli.js --version', median(process.execPath, [bin, '--version'])],
  ['node dist/cli.js list', median(process.execPath, [bin, 'list'])],
  ['node dist/cli.js list --json', median(process.execPath, [bin, 'list', '--json'])],
  ['tsx src/cli/main.ts --version', median(tsx, ['src/cli/main.ts', '--version'])],
  ['tsx src/cli/main.ts list', median(tsx, ['src/cli/main.ts', 'list'])],
];
rmSync(cacheDir, { recursive: true, force: true });

console.log(
  `playground CLI start-up, median of ${ROUNDS} (baseline: node -e "" = ${baseline.toFixed(0)} ms)`,
);
console.log('command                          ms    × node   target');
for (const [name, ms] of rows) {
  const target = name.startsWith('node dist') ? (ms < 1000 ? 'PASS < 1 s' : 'MISS < 1 s') : '';
  console.log(
    `${name.padEnd(31)} ${ms.toFixed(0).padStart(5)}  ${(ms / baseline).toFixed(1).padStart(6)}   ${target}`,
  );
}
