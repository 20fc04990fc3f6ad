// What YabandPay decides for each cancel method, as its documentation describes it. Pure functions
// of the payment and the clock, so the simulator's handler only routes and answers.

export type SimPaymentState =
  | 'paid'
  | 'authorized'
  | 'pending'
  | 'processing'
  | 'verify'
  | 'declined'
  | 'failed'
  | 'expired'
  | 'cancelled';

/** The notification and QueryOrder code of each state. */
export const STATE_CODES: Readonly<Record<SimPaymentState, string>> = {
  paid: '00',
  authorized: '01',
  pending: '02',
  processing: '03',
  verify: '04',
  declined: '05',
  failed: '06',
  expired: '07',
  cancelled: '08',
};

export interface SimPayment {
  tradeId: string;
  orderId: string;
  /** The terminal that took the payment. */
  tid: string;
  state: SimPaymentState;
  /** A decimal string, as YabandPay sends amounts: "0.10". */
  amount: string;
  currency: string;
  description: string;
  /** When the payment was made, epoch milliseconds. */
  createdAt: number;
  /** Settled to the merchant: a reversal is refused (-4112). */
  cleared: boolean;
  /** Refunded in part or in full: a full-amount cancel is refused (-4115). */
  refunded: boolean;
  /** The order expired (-4117), whatever its state says. */
  expired: boolean;
  /** How long the terminal takes for the next reversal, in ms. */
  reversalMs: number;
  /** The method that cancelled it, once cancelled through the API. */
  cancelledBy?: string;
}

export interface Refusal {
  code: string;
  message: string;
}

export const REFUSALS = {
  missingField: { code: '-3001', message: 'Required field is missing' },
  duplicateRequest: { code: '-3002', message: 'duplicate request_id' },
  window: { code: '-4111', message: 'Exceed cancel window' },
  cleared: { code: '-4112', message: 'The transaction has been cleared cannot be cancelled' },
  notFound: { code: '-4114', message: 'The trade_id does not exist' },
  notCancellable: { code: '-4115', message: 'The transaction cannot be cancelled' },
  cancelled: { code: '-4116', message: 'The transaction has been cancelled' },
  expired: { code: '-4117', message: 'The transaction has been Expired' },
  // Not in the seed: YabandPay does not document the code of a bad signature or an unknown method.
  signature: { code: '-1', message: 'Signature error' },
  unknownMethod: { code: '-1', message: 'Unsupported method' },
} as const satisfies Record<string, Refusal>;

// YabandPay's documentation speaks of CET days; a fixed UTC+1 keeps the simulator deterministic.
const CET_OFFSET_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const SILENT_GRACE_MS = 30 * 60 * 1000;

/** The CET calendar day of an instant, as a day number. */
export function cetDay(ms: number): number {
  return Math.floor((ms + CET_OFFSET_MS) / DAY_MS);
}

/** 00:30 CET on the day after the payment: the end of the silent-cancel window. */
export function silentCancelDeadline(createdAt: number): number {
  return (cetDay(createdAt) + 1) * DAY_MS - CET_OFFSET_MS + SILENT_GRACE_MS;
}

const UNPAID: readonly SimPaymentState[] = ['pending', 'processing', 'verify'];

function finalRefusal(payment: SimPayment): Refusal | undefined {
  if (payment.state === 'cancelled') return REFUSALS.cancelled;
  if (payment.expired || payment.state === 'expired') return REFUSALS.expired;
  return undefined;
}

/** v3.POSReversal: a paid, uncleared, unrefunded payment of today (CET), in full. */
export function reversalRefusal(payment: SimPayment, now: number): Refusal | undefined {
  const final = finalRefusal(payment);
  if (final) return final;
  if (payment.cleared) return REFUSALS.cleared;
  if (payment.state !== 'paid' || payment.refunded) return REFUSALS.notCancellable;
  if (cetDay(payment.createdAt) !== cetDay(now)) return REFUSALS.window;
  return undefined;
}

/** v3.POSCancel: an order the customer has not paid yet. */
export function posCancelRefusal(payment: SimPayment): Refusal | undefined {
  const final = finalRefusal(payment);
  if (final) return final;
  if (!UNPAID.includes(payment.state)) return REFUSALS.notCancellable;
  return undefined;
}

/** v3.CancelPayment: a paid payment, in full, not refunded, until 00:30 CET the next day. */
export function silentCancelRefusal(payment: SimPayment, now: number): Refusal | undefined {
  const final = finalRefusal(payment);
  if (final) return final;
  if (payment.cleared) return REFUSALS.cleared;
  if (payment.state !== 'paid' || payment.refunded) return REFUSALS.notCancellable;
  if (now >= silentCancelDeadline(payment.createdAt)) return REFUSALS.window;
  return undefined;
}
