import * as cliProgressModule from 'cli-progress';
import type { CancelOutcome } from '../types.js';

// cli-progress is CommonJS: its exports are the namespace's own, or its default's.
function cliProgress(): typeof cliProgressModule {
  const ns = cliProgressModule as typeof cliProgressModule & { default?: typeof cliProgressModule };
  return typeof ns.MultiBar === 'function' ? ns : ns.default!;
}

export interface Tally {
  total: number;
  cancelled: number;
  refused: number;
  unresolved: number;
  /** Ended in an earlier run (read from the results file). */
  resumed: number;
}

export const emptyTally = (): Tally => ({
  total: 0,
  cancelled: 0,
  refused: 0,
  unresolved: 0,
  resumed: 0,
});

export const doneOf = (t: Tally) => t.cancelled + t.refused + t.unresolved;

export interface Progress {
  update(connector: string, tally: Tally): void;
  stop(): void;
}

/**
 * One bar per connector (cli-progress) on a terminal; elsewhere (a pipe, CI) a line every few
 * seconds, so logs show the run without control characters.
 */
export function createProgress(
  tallies: Map<string, Tally>,
  options: { stream: NodeJS.WriteStream; quiet: boolean },
): Progress {
  if (options.quiet) return { update() {}, stop() {} };
  const width = Math.max(...[...tallies.keys()].map((id) => id.length), 9);
  if (options.stream.isTTY) {
    const { MultiBar } = cliProgress();
    const bars = new MultiBar({
      stream: options.stream,
      format: `{connector} {bar} {value}/{total} | cancelled {cancelled} refused {refused} unresolved {unresolved} | {duration_formatted}`,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
    });
    const byConnector = new Map<string, cliProgressModule.SingleBar>();
    for (const [id, t] of tallies) {
      byConnector.set(id, bars.create(t.total, doneOf(t), { connector: id.padEnd(width), ...t }));
    }
    return {
      update(id, t) {
        byConnector.get(id)?.update(doneOf(t), { connector: id.padEnd(width), ...t });
      },
      stop() {
        bars.stop();
      },
    };
  }
  let last = 0;
  const print = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 5000) return;
    last = now;
    const parts = [...tallies].map(([id, t]) => `${id} ${doneOf(t)}/${t.total}`);
    options.stream.write(`progress: ${parts.join(', ')}\n`);
  };
  print(true);
  return {
    update: () => print(),
    stop: () => print(true),
  };
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)]
    .join('\n')
    .concat('\n');
}

/** The table printed at the end: outcomes by connector, refusals by code, the unresolved jobs. */
export function summary(tallies: Map<string, Tally>, outcomes: CancelOutcome[]): string {
  const total = emptyTally();
  const rows = [...tallies].map(([id, t]) => {
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
    return [id, t.total, t.cancelled, t.refused, t.unresolved, t.resumed];
  });
  rows.push([
    'total',
    total.total,
    total.cancelled,
    total.refused,
    total.unresolved,
    total.resumed,
  ]);
  let text = table(
    ['connector', 'jobs', 'cancelled', 'refused', 'unresolved', 'from earlier run'],
    rows,
  );
  const codes = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status !== 'refused') continue;
    const code = `${o.connector} ${o.code}${o.providerCode ? ` (${o.providerCode})` : ''}`;
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  if (codes.size > 0) {
    text += `\n${table(
      ['refused', 'jobs'],
      [...codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => [code, n]),
    )}`;
  }
  const open = outcomes.filter((o) => o.status === 'unresolved');
  if (open.length > 0) {
    text += `\nunresolved (${open.length}):\n`;
    for (const o of open.slice(0, 20)) {
      const state = o.lastState ? ` last state ${o.lastState.providerStatus}` : '';
      const error = o.lastError ? ` last error ${o.lastError.code}` : '';
      text += `  ${o.connector} ${o.paymentId} requestId ${o.requestId}: ${o.reason}${state}${error}\n`;
    }
    if (open.length > 20) text += `  … and ${open.length - 20} more (see the results file)\n`;
  }
  return text;
}
