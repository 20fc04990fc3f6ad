import type { CancelOutcome } from '../../src/index.js';
import type { PaymentReport } from './sim-server.js';

/**
 * What must hold between the outcomes and the simulators' final state, payment by payment:
 * one outcome each; `cancelled` only where the simulator holds the payment cancelled, a refusal
 * only where it does not (or where it was cancelled before the job); never two cancels accepted;
 * every cancel request carrying the job's requestId. Answers the problems found.
 */
export function mismatches(
  report: PaymentReport[],
  outcomes: Iterable<CancelOutcome>,
  options: { unresolvedRefusals?: string[] } = {},
): string[] {
  const byPayment = new Map<string, CancelOutcome[]>();
  for (const o of outcomes) {
    const id = `${o.connector}/${o.paymentId}`;
    byPayment.set(id, [...(byPayment.get(id) ?? []), o]);
  }
  const problems: string[] = [];
  for (const p of report) {
    const id = `${p.connector}/${p.paymentId}`;
    const found = byPayment.get(id) ?? [];
    if (found.length !== 1) {
      problems.push(`${id}: ${found.length} outcomes`);
      continue;
    }
    const o = found[0]!;
    const describe = `${id} (${p.expect}, simulator ${p.initial} -> ${p.state}): ${o.status}${o.status === 'refused' ? ` ${o.code}` : ''}`;
    if (p.expect === 'cancelled' && !(o.status === 'cancelled' && p.cancelled))
      problems.push(describe);
    // A refusal whose answer was lost may stay unknown: YabandPay answers the retry -3002 and
    // its query shows the payment paid, as while a terminal reverses. Unresolved, not a guess.
    const unknown =
      o.status === 'unresolved' &&
      options.unresolvedRefusals?.includes(p.connector) &&
      o.lastState?.providerStatus === '00';
    if (p.expect === 'refused' && !((o.status === 'refused' || unknown) && !p.cancelled))
      problems.push(describe);
    if (
      p.expect === 'cancelled-before' &&
      !(
        p.cancelled &&
        (o.status === 'cancelled' || (o.status === 'refused' && o.code === 'already_cancelled'))
      )
    )
      problems.push(describe);
    if (o.status === 'cancelled' && !p.cancelled) problems.push(`${describe}: not cancelled there`);
    if (p.accepted > 1) problems.push(`${id}: the simulator accepted ${p.accepted} cancels`);
    if ((p.cancelRecords ?? 0) > 1) problems.push(`${id}: ${p.cancelRecords} PayerMax cancels`);
    const foreign = p.requestIds.filter((r) => r !== o.requestId);
    if (foreign.length > 0) problems.push(`${id}: cancels with other request ids ${foreign}`);
  }
  return problems;
}
