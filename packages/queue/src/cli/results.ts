import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CancelOutcome } from '../types.js';

/** The outcomes a results file (JSON Lines, one outcome each) holds, by key; the last wins. */
export function readResults(path: string): Map<string, CancelOutcome> {
  const found = new Map<string, CancelOutcome>();
  if (!existsSync(path)) return found;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const outcome = JSON.parse(line) as CancelOutcome;
      if (typeof outcome?.key === 'string' && typeof outcome.status === 'string')
        found.set(outcome.key, outcome);
    } catch {
      // A line cut by an interrupted run: its job runs again (with the same requestId).
    }
  }
  return found;
}

/** Appends outcomes as they come, one line each, so an interrupted run keeps what ended. */
export function resultsWriter(path: string) {
  let needsNewline = false;
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    needsNewline = text.length > 0 && !text.endsWith('\n');
  } else {
    writeFileSync(path, '');
  }
  return (outcome: CancelOutcome) => {
    appendFileSync(path, `${needsNewline ? '\n' : ''}${JSON.stringify(outcome)}\n`);
    needsNewline = false;
  };
}
