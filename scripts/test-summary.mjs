// Sums the vitest JSON reports of every package into one closing line, "N passed, N failed",
// which CI reads; turbo restores the reports on a cache hit, so the line is there either way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const group of ['packages', 'apps', 'tooling']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const outputDir = join(dir, name, 'test-output');
    if (!existsSync(outputDir)) continue;
    for (const file of readdirSync(outputDir).filter((f) => /^vitest.*\.json$/.test(f))) {
      const report = JSON.parse(readFileSync(join(outputDir, file), 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
      rows.push(
        `  ${group}/${name} (${file}): ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
      );
    }
  }
}
console.log(rows.join('\n'));
if (passed + failed === 0) {
  console.error('No test reports found: did any test run?');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
