import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeakWatch, type LeakWatch } from './leak-watch.js';

export interface Guard extends LeakWatch {
  readonly unhandled: unknown[];
  /** Registers the closing checks; call it at the end of the file, after every other test. */
  closingChecks(): void;
}

/**
 * For a whole test file: records every unhandled rejection and captures console.* from the
 * first test on; `closingChecks()` adds the checks that end the file: no secret anywhere, no
 * unhandled rejection. Call it at the top level of the file.
 */
export function guardFile(minimum: { values: number; events?: number }): Guard {
  const watch = createLeakWatch();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
    watch.captureConsole();
  });
  afterAll(() => {
    watch.stopConsole();
    process.off('unhandledRejection', onUnhandled);
  });
  const closingChecks = () =>
    describe('closing checks', () => {
      it('leaked no secret into errors, results, hook events or console lines', () => {
        expect(watch.counts.values).toBeGreaterThanOrEqual(minimum.values);
        if (minimum.events) expect(watch.counts.events).toBeGreaterThanOrEqual(minimum.events);
        expect(watch.leaks).toEqual([]);
      });
      it('raised no unhandled rejection', async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(unhandled.map(String)).toEqual([]);
      });
    });
  return Object.assign(watch, { unhandled, closingChecks });
}
