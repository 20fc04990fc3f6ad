import type { PaykitErrorCode, PaymentStatus } from '@paykit/core';
import type { HttpResult, Refusal } from '@paykit/core/connector';
import * as v from 'valibot';
import { APPLY_SUCCESS, answerEnvelopeSchema } from './payermax-api.js';

/** `data.status` of a cancel answer (seed 002): SUCCESS, FAILED, PENDING. */
export type PayerMaxCancelStatus = 'SUCCESS' | 'PENDING' | 'FAILED';

/** FAILED is not a result: the connector rejects with the cancel's errorCode instead. */
export const PAYERMAX_CANCEL_STATUS = {
  SUCCESS: 'cancelled',
  PENDING: 'pending',
  FAILED: 'failed',
} as const satisfies Record<PayerMaxCancelStatus, 'cancelled' | 'pending' | 'failed'>;

/** A status PayerMax may add later is not a cancel we can vouch for: pending, never cancelled. */
export function cancelStatusOf(status: string): 'cancelled' | 'pending' | 'failed' {
  return Object.hasOwn(PAYERMAX_CANCEL_STATUS, status)
    ? PAYERMAX_CANCEL_STATUS[status as PayerMaxCancelStatus]
    : 'pending';
}

/** `data.status` of an `orderQuery` answer: the order's state. */
export type PayerMaxOrderStatus = 'SUCCESS' | 'PENDING' | 'FAILED' | 'CLOSED';

/**
 * `orderQuery`'s `data.status` as the payment's status. A status not listed is `pending`.
 * SUCCESS of an auth-capture order (`captureMode: MANUAL`) is `authorized`: see
 * {@link orderStatusOf}.
 */
export const PAYERMAX_ORDER_STATUS = {
  SUCCESS: 'succeeded',
  PENDING: 'pending',
  FAILED: 'failed',
  CLOSED: 'expired', // not paid within the order's validity
} as const satisfies Record<PayerMaxOrderStatus, PaymentStatus>;

/**
 * The payment's status from an `orderQuery` answer. An auth-capture order (`captureMode:
 * MANUAL`) that is SUCCESS reports `authorized`: PayerMax's documentation does not say in which
 * field a captured auth-capture order differs from an authorised one, so the answer shows an
 * authorisation that may or may not have been captured since, and nothing is read into fields it
 * does not document. Neither does the answer show a cancel (no cancel-status query is
 * documented): a cancelled authorisation is not told apart here either. `providerStatus` keeps
 * `SUCCESS` and `raw` the whole answer.
 */
export function orderStatusOf(status: string, captureMode?: string | null): PaymentStatus {
  const mapped: PaymentStatus = Object.hasOwn(PAYERMAX_ORDER_STATUS, status)
    ? PAYERMAX_ORDER_STATUS[status as PayerMaxOrderStatus]
    : 'pending';
  return mapped === 'succeeded' && captureMode === 'MANUAL' ? 'authorized' : mapped;
}

/**
 * Error codes PayerMax answers in `code` (or in a failed cancel's `data.errorCode`), mapped to
 * the contract's codes. A code not listed here becomes `provider_error`, its code and message kept.
 */
export const PAYERMAX_ERROR_CODES = {
  // From PayerMax's public error-code list (appendix "Transaction Status/Errorcode" and the
  // gateway API pages).
  SYSTEM_ERROR: 'provider_unavailable', // "System is busy, please try again later."
  REQUEST_TIMEOUT: 'timeout', // "Request timeout or didn't get result"
  UNEXPECTED_ERROR: 'provider_error',
  TOO_MANY_REQUEST: 'rate_limited',
  // Our clock is more than two minutes off PayerMax's; a retry within the call is re-dated, so
  // reaching the caller means the local clock needs fixing.
  REQ_TIME_OVER_TIME: 'provider_error',
  // PayerMax refused our request signature: the private key does not match the public key
  // uploaded to the dashboard. That is a refusal of our credentials.
  SIGN_VERIFY_FAILED: 'authentication_failed',
  MERCHANT_INVALID: 'authentication_failed', // "The merchant has been offline."
  MERCHANT_APP_INVALID: 'authentication_failed', // "Signature key is not configured." / unknown appId
  PARAMS_INVALID: 'invalid_request',
  CONTRACT_INVALID: 'provider_error',
  // Order-level codes of the cancel API. PayerMax's public pages do not list the cancel's own
  // codes; these are the names its sibling APIs use and that the simulator answers. Adding a
  // spelling here is safe: an unmapped one still rejects, as provider_error.
  ORDER_NOT_EXIST: 'payment_not_found',
  TRADE_NOT_EXIST: 'payment_not_found',
  INVALID_SIGNATURE: 'authentication_failed',
  DUPLICATE_REQUEST: 'duplicate_request',
  REPEAT_REQUEST: 'duplicate_request',
  ORDER_STATUS_NOT_SUPPORT: 'not_cancellable',
  ORDER_CLOSED: 'not_cancellable',
  ORDER_CANCELLED: 'already_cancelled',
} as const satisfies Record<string, PaykitErrorCode>;

export type PayerMaxErrorCode = keyof typeof PAYERMAX_ERROR_CODES;

export function errorCodeOf(providerCode: string): PaykitErrorCode {
  return Object.hasOwn(PAYERMAX_ERROR_CODES, providerCode)
    ? PAYERMAX_ERROR_CODES[providerCode as PayerMaxErrorCode]
    : 'provider_error';
}

// The codes that state something about the payment itself: why a cancel failed (any other
// errorCode on a FAILED cancel is the generic refusal, not_cancellable), and what an error answer
// may only claim when it is signed.
const CANCEL_OUTCOME_CODES: readonly PaykitErrorCode[] = [
  'payment_not_found',
  'already_cancelled',
  'not_cancellable',
  'cancel_window_expired',
];

/**
 * The error for an error answer (`code` other than APPLY_SUCCESS). PayerMax may send error
 * answers unsigned; an unsigned one proves nothing about the payment, so a code that would state
 * the payment's state (not found, already cancelled, not cancellable, past the window) becomes
 * `provider_error`, its code and message kept. Codes about the request or the service (rate
 * limits, outages, credentials, invalid input, duplicates, timeouts) keep their mapping.
 */
export function answerErrorCodeOf(providerCode: string, signed: boolean): PaykitErrorCode {
  const mapped = errorCodeOf(providerCode);
  return !signed && CANCEL_OUTCOME_CODES.includes(mapped) ? 'provider_error' : mapped;
}

/**
 * The refusal an answer states: a `code` other than APPLY_SUCCESS, with any HTTP status. Whether
 * it came signed is read off the `sign` header (core's verify step then checks the signature).
 */
export function refusalOf(body: unknown, result: HttpResult): Refusal | undefined {
  const parsed = v.safeParse(answerEnvelopeSchema, body);
  if (!parsed.success || parsed.output.code === APPLY_SUCCESS) return undefined;
  const { code: providerCode, msg } = parsed.output;
  const code = answerErrorCodeOf(providerCode, Boolean(result.headers.get('sign')));
  const unproven = code !== errorCodeOf(providerCode);
  return {
    code,
    providerCode,
    providerMessage: msg,
    ...(unproven
      ? { note: "The error answer came unsigned: not taken as proof of the payment's state." }
      : {}),
  };
}

/** The error for a cancel PayerMax accepted and then reported FAILED. */
export function failedCancelCodeOf(errorCode: string | null | undefined): PaykitErrorCode {
  const mapped = errorCode ? errorCodeOf(errorCode) : 'not_cancellable';
  return CANCEL_OUTCOME_CODES.includes(mapped) ? mapped : 'not_cancellable';
}

/** Notification types PayerMax sends for auth-capture orders (`notifyType`). */
export type PayerMaxNotifyType = 'PAYMENT' | 'CAPTURE' | 'CANCEL' | 'REFUND';

/**
 * `data.status` of each notification type, as the payment's status. A status not listed is
 * `pending`. PAYMENT with `captureMode: MANUAL` reports an authorisation (handled by the caller).
 */
export const PAYERMAX_NOTIFICATION_STATUS = {
  PAYMENT: { SUCCESS: 'succeeded', PENDING: 'pending', FAILED: 'failed', CLOSED: 'expired' },
  CAPTURE: { SUCCESS: 'succeeded', PENDING: 'pending', FAILED: 'failed' },
  // A failed cancel leaves the order as it was, and PayerMax only cancels authorised orders.
  CANCEL: { SUCCESS: 'cancelled', PENDING: 'pending', FAILED: 'authorized' },
  REFUND: { REFUND_SUCCESS: 'refunded', REFUND_PENDING: 'pending', REFUND_FAILED: 'succeeded' },
} as const satisfies Record<PayerMaxNotifyType, Record<string, PaymentStatus>>;

export function notificationStatusOf(
  notifyType: string,
  status: string,
  captureMode?: string | null,
): PaymentStatus {
  if (!Object.hasOwn(PAYERMAX_NOTIFICATION_STATUS, notifyType)) return 'pending';
  const table: Record<string, PaymentStatus> =
    PAYERMAX_NOTIFICATION_STATUS[notifyType as PayerMaxNotifyType];
  const mapped = Object.hasOwn(table, status) ? table[status]! : 'pending';
  // An auth-capture order's PAYMENT notification reports the authorisation, not a capture.
  if (notifyType === 'PAYMENT' && captureMode === 'MANUAL' && mapped === 'succeeded') {
    return 'authorized';
  }
  return mapped;
}
