import { PlaygroundInputError } from '../shared/input-error.js';
import type { Playground } from '../shared/playground.js';
import type { Command } from './args.js';
import { type FollowResult, followPending } from './follow.js';
import { formatFollowCheck, formatFollowResult, formatList, formatOutcome } from './format.js';
import { demoPayment, optionsFor } from './positions.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export function runList(
  playground: Playground,
  command: Extract<Command, { name: 'list' }>,
  io: Output,
): number {
  const entries = command.connector ? [playground.get(command.connector)] : playground.connectors;
  if (command.json) {
    const connectors = entries.map((entry) => ({
      id: entry.id,
      mode: entry.mode,
      payments: playground.listPayments(entry.id) ?? null,
    }));
    io.out(`${JSON.stringify({ connectors }, null, 2)}\n`);
  } else {
    io.out(entries.map((entry) => formatList(entry, playground.listPayments(entry.id))).join('\n'));
  }
  return 0;
}

export async function runCancel(
  playground: Playground,
  command: Extract<Command, { name: 'cancel' }>,
  io: Output,
): Promise<number> {
  const entry = playground.get(command.connector);
  const known = new Set(entry.options.map((option) => option.name));
  const foreign = Object.keys(command.options).filter((name) => !known.has(name));
  if (foreign.length) {
    const own = entry.options.map((option) => `--${option.name}`).join(', ') || 'none';
    throw new PlaygroundInputError(
      `${entry.id} has no option ${foreign.map((name) => `--${name}`).join(', ')}; its options: ${own}.`,
    );
  }
  const payment = demoPayment(playground, entry.id, command.paymentId);
  const options = optionsFor(payment, command.options);
  const outcome = await playground.cancel(entry.id, {
    paymentId: payment?.id ?? command.paymentId,
    ...(command.requestId !== undefined ? { requestId: command.requestId } : {}),
    options,
    ...(command.fault
      ? { fault: command.fault, faultTimes: command.faultOnce ? 'once' : 'every' }
      : {}),
  });
  const pending = outcome.ok && outcome.result.status === 'pending';
  if (!command.json) {
    (outcome.ok ? io.out : io.err)(
      formatOutcome(outcome, command.verbose, pending && command.waitMs !== undefined),
    );
  }
  let wait: FollowResult | undefined;
  if (outcome.ok && pending && command.waitMs !== undefined) {
    wait = await followPending(playground, {
      connector: entry.id,
      paymentId: outcome.result.paymentId,
      requestId: outcome.result.requestId,
      options,
      waitMs: command.waitMs,
      ...(command.json
        ? {}
        : { onCheck: (check, method) => io.out(formatFollowCheck(check, method)) }),
    });
    if (!command.json)
      (wait.status === 'refused' ? io.err : io.out)(formatFollowResult(outcome, wait));
  }
  if (command.json) io.out(`${JSON.stringify(wait ? { ...outcome, wait } : outcome, null, 2)}\n`);
  if (!outcome.ok) return 1;
  if (!wait) return 0;
  return wait.status === 'cancelled' ? 0 : wait.status === 'refused' ? 1 : 3;
}
