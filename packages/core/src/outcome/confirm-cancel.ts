import { PaykitError, type PaykitErrorCode } from '../errors/index.js';
import type { HttpResult } from '../http/index.js';
import type { CancelPaymentResult, PaymentStatus, PaymentStatusResult } from '../spec/index.js';

/**
 * How a connector's provider confirms a cancel whose answer does not prove how it ended. The
 * connector only declares this; the rule that uses it is `runCancel`'s, the same for all.
 */
export interface CancelConfirmation {
  /** The provider's status query for the payment being cancelled. */
  query(): Promise<PaymentStatusResult>;
  /**
   * Refusals that may be the echo of an earlier attempt whichever attempt they answer: a request
   * id the provider saw before may be this very cancel, sent by a call whose answer was lost.
   */
  echoes?: readonly PaykitErrorCode[];
  /**
   * Refusals that are an echo only when they answer a retry within this call: "already
   * cancelled" after an attempt whose answer was lost most likely means that attempt did it.
   */
  retryEchoes?: readonly PaykitErrorCode[];
  /**
   * Payment statuses the query may show while the cancel is still under way, resolved
   * `pending`. Default: `pending` and `authorized`.
   */
  moving?: readonly PaymentStatus[];
}

/** One cancel, split so that core sees the answer before the connector reads it. */
export interface CancelFlow {
  connector: string;
  paymentId: string;
  requestId: string;
  /** Sends the cancel through the HTTP layer (retries included). */
  send(): Promise<HttpResult>;
  /** Reads the answer: resolves with the outcome the provider stated, or rejects with its refusal. */
  read(result: HttpResult): CancelPaymentResult | Promise<CancelPaymentResult>;
  /** Absent: the connector has no way to confirm, and a refusal is reported as it came. */
  confirm?: CancelConfirmation;
}

const DEFAULT_MOVING: readonly PaymentStatus[] = ['pending', 'authorized'];

/**
 * Runs a cancel under paykit's rule for outcomes: an answer that does not prove how the cancel
 * ended is confirmed with the provider's status query before it is reported. A refusal that may
 * echo an earlier attempt is settled by the query's state (`cancelled`, `pending` or a refusal);
 * an answer that cannot be read resolves `cancelled` only if the query shows it. A query that
 * fails rejects with its own error (a network error stays retryable: asking again with the same
 * requestId confirms again).
 */
export async function runCancel(flow: CancelFlow): Promise<CancelPaymentResult> {
  const result = await flow.send();
  try {
    return await flow.read(result);
  } catch (error) {
    const { confirm } = flow;
    if (!confirm || !PaykitError.isInstance(error)) throw error;
    if (isEcho(error, result, confirm)) return settle(flow, confirm, error, await confirm.query());
    if (error.code === 'invalid_response')
      return settleUnreadable(flow, error, await confirm.query());
    throw error;
  }
}

/**
 * An answer that cannot be read (cut short, not JSON, about another payment) may hide a cancel
 * that happened. The query proves it, or the error stands, retryable: the cancel has not been
 * seen to happen, and asking again with the same requestId is how it ends.
 */
function settleUnreadable(
  flow: CancelFlow,
  unreadable: PaykitError,
  found: PaymentStatusResult,
): CancelPaymentResult {
  if (found.status === 'cancelled') return resolved(flow, 'cancelled', found);
  throw new PaykitError({
    code: 'invalid_response',
    connector: flow.connector,
    requestId: flow.requestId,
    retryable: true,
    ...(unreadable.httpStatus !== undefined ? { httpStatus: unreadable.httpStatus } : {}),
    message: `${unreadable.message.replace(/\.$/, '')}; the status query shows payment "${flow.paymentId}" ${found.providerStatus} (${found.status}), not cancelled: ask again with the same requestId.`,
  });
}

function resolved(
  flow: CancelFlow,
  status: CancelPaymentResult['status'],
  found: PaymentStatusResult,
): CancelPaymentResult {
  return {
    connector: flow.connector,
    status,
    paymentId: flow.paymentId,
    requestId: flow.requestId,
    providerStatus: found.providerStatus,
    ...(found.providerReference ? { providerReference: found.providerReference } : {}),
    ...(found.amount ? { amount: found.amount } : {}),
    raw: found.raw,
  };
}

function isEcho(error: PaykitError, result: HttpResult, confirm: CancelConfirmation): boolean {
  if (confirm.echoes?.includes(error.code)) return true;
  return result.attempts > 1 && (confirm.retryEchoes?.includes(error.code) ?? false);
}

function settle(
  flow: CancelFlow,
  confirm: CancelConfirmation,
  refusal: PaykitError,
  found: PaymentStatusResult,
): CancelPaymentResult {
  const moving = confirm.moving ?? DEFAULT_MOVING;
  if (found.status === 'cancelled') return resolved(flow, 'cancelled', found);
  if (moving.includes(found.status)) return resolved(flow, 'pending', found);
  // A final state other than cancelled: the refusal stands, with the state the query showed.
  throw new PaykitError({
    code: 'not_cancellable',
    connector: flow.connector,
    requestId: flow.requestId,
    providerCode: found.providerStatus,
    ...(refusal.providerMessage ? { providerMessage: refusal.providerMessage } : {}),
    message: `${refusal.message.replace(/\.$/, '')}; the status query shows payment "${flow.paymentId}" ${found.providerStatus} (${found.status}): it was not cancelled.`,
  });
}
