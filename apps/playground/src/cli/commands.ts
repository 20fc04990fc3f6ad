import { PlaygroundInputError } from '../shared/input-error.js';
import type { Playground } from '../shared/playground.js';
import type { Command } from './args.js';
import { formatList, formatOutcome } from './format.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** `@3` is the third payment of the connector's list: demo ids of some simulators change per run. */
function resolvePaymentId(playground: Playground, connector: string, paymentId: string): string {
  const position = /^@(\d+)$/.exec(paymentId);
  if (!position) return paymentId;
  const payments = playground.listPayments(connector);
  if (!payments)
    throw new PlaygroundInputError(
      `${connector} talks to its sandbox: give the payment id, not a position.`,
    );
  const payment = payments[Number(position[1]) - 1];
  if (!payment)
    throw new PlaygroundInputError(
      `${connector} has ${payments.length} demo payments; ${paymentId} is not one of them.`,
    );
  return payment.id;
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
  const outcome = await playground.cancel(entry.id, {
    paymentId: resolvePaymentId(playground, entry.id, command.paymentId),
    ...(command.requestId !== undefined ? { requestId: command.requestId } : {}),
    options: command.options,
    ...(command.fault
      ? { fault: command.fault, faultTimes: command.faultOnce ? 'once' : 'every' }
      : {}),
  });
  if (command.json) io.out(`${JSON.stringify(outcome, null, 2)}\n`);
  else (outcome.ok ? io.out : io.err)(formatOutcome(outcome, command.verbose));
  return outcome.ok ? 0 : 1;
}
