import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { summarize } from '../../../scripts/test-summary.mjs';

const top = mkdtempSync(join(tmpdir(), 'summary-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

function pkg(name: string, report?: object, ageMs = 0) {
  const dir = join(top, 'packages', name);
  mkdirSync(join(dir, 'test-output'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      scripts: { test: 'vitest run --reporter=json --outputFile.json=test-output/vitest.json' },
    }),
  );
  if (!report) return;
  const file = join(dir, 'test-output', 'vitest.json');
  writeFileSync(file, JSON.stringify(report));
  const at = (Date.now() - ageMs) / 1000;
  utimesSync(file, at, at);
}

const report = (passed: number, failedNames: string[]) => ({
  numPassedTests: passed,
  numFailedTests: failedNames.length,
  numPendingTests: 0,
  numTodoTests: 0,
  numFailedTestSuites: failedNames.length ? 1 : 0,
  testResults: [
    {
      name: 'x.test.ts',
      status: failedNames.length ? 'failed' : 'passed',
      assertionResults: failedNames.map((fullName) => ({ status: 'failed', fullName })),
    },
  ],
});

describe('the test summary', () => {
  it('sums the reports, names each failed test, and counts a package without a report as failed', () => {
    const since = Date.now() - 60_000;
    pkg('a', report(3, []));
    pkg('b', report(2, ['b cancels twice']));
    pkg('c'); // could not start: no report
    pkg('d', report(9, []), 3_600_000); // an earlier run's report
    const result = summarize(since, top);
    expect(result.passed).toBe(5);
    expect(result.failed).toBe(3);
    expect(result.failures).toEqual([
      'packages/b: b cancels twice',
      'packages/c: no test report',
      'packages/d: no test report',
    ]);
  });
});
