import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../src/harness.js';
import type { LoadReport } from '../src/load.js';

// LOAD_CALLS cancels per round (default 1500 here, 5000 in `pnpm bench`) at concurrency 100,
// over every connector of the manifest against loopback simulators, in a child process run with
// --expose-gc so that the heap is measured after a real collection.
const CALLS = Number(process.env.LOAD_CALLS ?? 1500);

function runLoadChild(): Promise<LoadReport> {
  const packageDir = join(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(packageDir, 'src', 'load-main.ts')],
    {
      cwd: packageDir,
      env: { ...process.env, LOAD_CALLS: String(CALLS), LOAD_CONCURRENCY: '100' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load run exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

describe(`load: ${CALLS} cancels x 2 rounds at concurrency 100, ${CONNECTORS.length} connectors, loopback`, () => {
  let report: LoadReport;

  it('runs in a child process with the garbage collector exposed', async () => {
    report = await runLoadChild();
    expect(report.gcExposed).toBe(true);
    expect(report.calls).toBe(CALLS);
    expect(report.concurrency).toBe(100);
  });

  it('resolves every call exactly once, no rejection', () => {
    for (const round of report.rounds) {
      expect(round.errors).toEqual([]);
      expect(round).toMatchObject({ resolved: CALLS, rejected: 0, notSettledOnce: 0 });
      const share = Math.floor(CALLS / CONNECTORS.length);
      expect(Object.keys(round.perConnector)).toEqual([...CONNECTORS]);
      for (const count of Object.values(round.perConnector)) {
        expect(count).toBeGreaterThanOrEqual(share);
      }
    }
  });

  it('has each payment cancelled once at its simulator, by one request', () => {
    for (const round of report.rounds) {
      expect(round.notCancelledOnce).toBe(0);
      expect(round.requestsNotOnce).toBe(0);
    }
  });

  it('leaves no socket, server or timer open once the servers are closed', () => {
    expect(report.leakedResources).toEqual([]);
    expect(report.resourcesAfter).toEqual(report.resourcesBefore);
  });

  it('keeps the heap after the second round within 20% of the first', () => {
    const [first, second] = report.rounds;
    expect(first!.heapUsedAfterGc).toBeGreaterThan(0);
    expect(report.heapRatio).toBeLessThanOrEqual(1.2);
    expect(second!.heapUsedAfterGc).toBeLessThanOrEqual(first!.heapUsedAfterGc * 1.2);
  });
});
