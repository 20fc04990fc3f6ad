import type { CallEvent } from '../shared/call-events.js';
import type { CallOutcome } from '../shared/outcome.js';
import type { PlaygroundConnector } from '../shared/playground.js';
import type { PaymentRow } from '../shared/types.js';
import { bold, cyan, dim, green, red, yellow } from './style.js';

function facts(rows: readonly [string, string | number | undefined][]): string[] {
  const shown = rows.filter(([, value]) => value !== undefined && value !== '');
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `  ${dim(label.padEnd(width))}  ${value}`);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [dim(line(header)), ...rows.map(line)];
}

export function formatList(entry: PlaygroundConnector, payments: PaymentRow[] | undefined): string {
  const title = `${bold(entry.displayName)} ${dim(`(${entry.id}, ${entry.mode})`)}`;
  if (!payments)
    return `${title}\n  No payment list: ${entry.id} talks to its sandbox. Cancel by payment id.\n`;
  const rows = payments.map((p, i) => [
    `@${i + 1}`,
    p.id,
    p.kind ?? '',
    p.amountText ?? '',
    p.stateDetail ? `${p.state} (${p.stateDetail})` : p.state,
    p.cancellable ? 'cancellable' : '',
  ]);
  return `${title}\n${table(['#', 'PAYMENT ID', 'KIND', 'AMOUNT', 'STATE', ''], rows).join('\n')}\n`;
}

function formatEvent(event: CallEvent, verbose: boolean): string[] {
  switch (event.kind) {
    case 'request': {
      const lines = [
        `  ${cyan('→')} ${event.method} ${event.url} ${dim(`(attempt ${event.attempt})`)}`,
      ];
      if (!verbose) return lines;
      for (const [name, value] of Object.entries(event.headers))
        lines.push(`      ${dim(`${name}:`)} ${value}`);
      if (event.body !== undefined) lines.push(`      ${dim('body:')} ${event.body}`);
      if (event.signing) {
        lines.push(`      ${dim('string to sign:')} ${event.signing.stringToSign}`);
        lines.push(`      ${dim('signature:')} ${event.signing.signature}`);
      }
      return lines;
    }
    case 'response': {
      const status =
        event.status < 300
          ? green(String(event.status))
          : event.status < 500
            ? yellow(String(event.status))
            : red(String(event.status));
      const lines = [`  ${cyan('←')} ${status} ${dim(`in ${event.durationMs} ms`)}`];
      if (verbose) lines.push(`      ${dim('body:')} ${event.body}`);
      return lines;
    }
    case 'error':
      return [`  ${red('✗')} gave up after attempt ${event.attempt}: ${event.code}`];
  }
}

/** A cancel's outcome for a person: the result or the error, then the traffic. */
export function formatOutcome(outcome: CallOutcome, verbose: boolean): string {
  const requests = outcome.events.filter((event) => event.kind === 'request').length;
  const summary = `  ${dim(`${requests} request${requests === 1 ? '' : 's'} in ${outcome.durationMs} ms against the ${outcome.mode}${outcome.fault ? `, fault ${outcome.fault.name} ×${outcome.fault.times}` : ''}`)}`;
  const traffic = outcome.events.flatMap((event) => formatEvent(event, verbose));
  let head: string[];
  if (outcome.ok) {
    const r = outcome.result;
    head = [
      `${r.status === 'cancelled' ? green('✔ cancelled') : yellow('… pending')}  ${outcome.connector} ${r.paymentId}`,
      ...facts([
        ['provider status', r.providerStatus],
        ['request id', r.requestId],
        ['provider reference', r.providerReference],
        ['amount', outcome.amountText],
      ]),
    ];
    if (r.status === 'pending')
      head.push(
        `  ${dim('The provider has not decided yet; list again later to see the outcome.')}`,
      );
  } else {
    const e = outcome.error;
    head = [
      `${red(`✖ ${e.code}`)}  ${outcome.connector} ${outcome.paymentId}`,
      `  ${e.message}`,
      ...(e.issues ?? []).map((issue) => `    - ${issue}`),
      ...facts([
        ['provider code', e.providerCode],
        ['provider message', e.providerMessage],
        ['HTTP status', e.httpStatus],
        ['retryable', e.retryable ? 'yes' : 'no'],
        ['request id', e.requestId],
      ]),
    ];
  }
  return [...head, summary, ...traffic, ''].join('\n');
}
