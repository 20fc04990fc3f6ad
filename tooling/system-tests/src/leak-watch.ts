import { format } from 'node:util';
import type { HttpHooks } from '@paykit/core';
import { findCanary, viewsOf } from './canaries.js';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Looks at everything a run produces — errors, results, hook events, console lines — the way a
 * caller, a logger or a crash reporter would, and keeps every secret it finds there.
 */
export interface LeakWatch {
  /** Hooks that record (and scan) every event. */
  hooks: Required<HttpHooks>;
  /** Scans a value (an error, a result) in every view of it. */
  inspect(value: unknown, what: string): void;
  /** Captures console.* until `stopConsole()`. */
  captureConsole(): void;
  stopConsole(): void;
  readonly leaks: string[];
  /** How many values, events and console lines were looked at. */
  readonly counts: { values: number; events: number; consoleLines: number };
}

export function createLeakWatch(): LeakWatch {
  const leaks: string[] = [];
  const counts = { values: 0, events: 0, consoleLines: 0 };
  const saved = new Map<string, unknown>();

  const scan = (views: string[], what: string) => {
    for (const view of views) {
      const found = findCanary(view);
      if (found) {
        leaks.push(`${found} in ${what}: ${view.slice(0, 300)}`);
        return;
      }
    }
  };
  const onEvent = (kind: string) => (event: unknown) => {
    counts.events += 1;
    scan(viewsOf(event), `hook ${kind} event`);
  };

  return {
    hooks: {
      onRequest: onEvent('onRequest'),
      onResponse: onEvent('onResponse'),
      onError: onEvent('onError'),
    },
    inspect(value, what) {
      counts.values += 1;
      scan(viewsOf(value), what);
    },
    captureConsole() {
      for (const method of CONSOLE_METHODS) {
        saved.set(method, console[method]);
        console[method] = (...args: unknown[]) => {
          counts.consoleLines += 1;
          scan([format(...args)], `console.${method}`);
        };
      }
    },
    stopConsole() {
      for (const [method, fn] of saved) {
        (console as unknown as Record<string, unknown>)[method] = fn;
      }
      saved.clear();
    },
    leaks,
    counts,
  };
}
