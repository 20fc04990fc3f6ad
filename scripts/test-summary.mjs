// Sums the vitest JSON reports of every package into one closing line, "N passed, N failed",
// which CI reads, and names the tests that failed. A package whose tests should report and did
// not (a suite that could not start) counts as failed. `--since <ms>`: reports older than that
// are from an earlier run and do not count (turbo restores a cached one, freshly written).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Every workspace package whose `test` script writes a vitest JSON report. */
export function reportingPackages(top = root) {
  const found = [];
  for (const group of ['packages', 'apps', 'tooling', 'examples']) {
    const dir = join(top, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifest = join(dir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const test = JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test ?? '';
      if (test.includes('--outputFile.json'))
        found.push({ label: `${group}/${name}`, dir: join(dir, name) });
    }
  }
  return found;
}

function failedTests(report) {
  return (report.testResults ?? []).flatMap((file) => {
    const names = (file.assertionResults ?? [])
      .filter((test) => test.status === 'failed')
      .map((test) => test.fullName ?? test.title);
    // A file that failed to load has no assertions, only a message.
    if (!names.length && file.status === 'failed')
      return [`${file.name}: ${String(file.message).split('\n')[0]}`];
    return names;
  });
}

export function summarize(since = 0, top = root) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const rows = [];
  const failures = [];
  for (const pkg of reportingPackages(top)) {
    const outputDir = join(pkg.dir, 'test-output');
    const reports = existsSync(outputDir)
      ? readdirSync(outputDir)
          .filter((f) => /^vitest.*\.json$/.test(f))
          .filter((f) => statSync(join(outputDir, f)).mtimeMs >= since)
      : [];
    if (!reports.length) {
      failed += 1;
      rows.push(`  ${pkg.label}: no test report (the suite did not start, or crashed)`);
      failures.push(`${pkg.label}: no test report`);
      continue;
    }
    for (const file of reports) {
      let report;
      try {
        report = JSON.parse(readFileSync(join(outputDir, file), 'utf8'));
      } catch {
        failed += 1;
        failures.push(`${pkg.label}: ${file} is not a readable report`);
        continue;
      }
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
      // A file that could not load counts, even with no test in it.
      if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) failed += 1;
      rows.push(
        `  ${pkg.label} (${file}): ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
      );
      for (const name of failedTests(report)) failures.push(`${pkg.label}: ${name}`);
    }
  }
  return { passed, failed, skipped, rows, failures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--since');
  const since = at > 0 ? Number(process.argv[at + 1]) : 0;
  const { passed, failed, skipped, rows, failures } = summarize(since);
  console.log(rows.join('\n'));
  if (failures.length) console.log(`Failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
}
