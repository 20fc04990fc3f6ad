import type { CallEvent } from '../shared/call-events.js';
import type { CallOutcome } from '../shared/outcome.js';
import type { PlaygroundConnector } from '../shared/playground.js';
import type { PaymentRow } from '../shared/types.js';
import type { FollowCheck, FollowResult } from './follow.js';
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
export function formatOutcome(outcome: CallOutcome, verbose: boolean, waiting = false): string {
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
        `  ${dim(
          waiting
            ? 'The provider has not decided yet; following it (--wait):'
            : `The provider has not decided yet. Add --wait to follow it to the end${outcome.mode === 'sandbox' ? `, or later: cancel ${outcome.connector} ${r.paymentId} --request-id ${r.requestId} --wait` : ''}.`,
        )}`,
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

const FOLLOW_WORDS = {
  'status-query': 'status query',
  'repeat-cancel': 'the same cancel again',
  webhook: 'webhook',
} as const;

/** One check of --wait, as it happens. */
export function formatFollowCheck(check: FollowCheck, method: FollowResult['method']): string {
  const answer = check.error
    ? red(`${check.error.code}${check.error.retryable ? ' (retryable)' : ''}`)
    : `${check.providerStatus} (${check.status})`;
  return `  ${cyan('↻')} ${dim(`${(check.atMs / 1000).toFixed(1)} s`)} ${FOLLOW_WORDS[method]}: ${answer}\n`;
}

/** How --wait ended. */
export function formatFollowResult(outcome: CallOutcome, wait: FollowResult): string {
  const what = `${outcome.connector} ${outcome.paymentId}`;
  const after = dim(
    `after ${wait.checks.length} check${wait.checks.length === 1 ? '' : 's'} in ${(wait.durationMs / 1000).toFixed(1)} s`,
  );
  if (wait.method === 'webhook')
    return `${yellow('… pending')}  ${what}\n  ${dim(`${outcome.connector} has no status query: only its webhook tells the outcome.`)}\n`;
  switch (wait.status) {
    case 'cancelled':
      return `${green('✔ cancelled')}  ${what}  ${after}\n${facts([['provider status', wait.providerStatus]]).join('\n')}\n`;
    case 'refused':
      return wait.error
        ? `${red(`✖ ${wait.error.code}`)}  ${what}  ${after}\n  ${wait.error.message}\n`
        : `${red('✖ not cancelled')}  ${what}  ${after}\n${facts([['provider status', wait.providerStatus]]).join('\n')}\n`;
    case 'pending':
      return `${yellow('… still pending')}  ${what}  ${after}\n  ${dim('The wait ended before the provider decided (--wait-for).')}\n`;
  }
}
