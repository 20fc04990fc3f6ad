import type { PaykitErrorCode, PaymentStatus } from '@paykit/core';
import type { Refusal } from '@paykit/core/connector';
import * as v from 'valibot';
import { errorSchema } from './{{id}}-api.js';

/** Every payment status {{displayName}} documents. */
export type {{Name}}Status =
  | 'PENDING'
  | 'AUTHORIZED'
  | 'CAPTURED'
  | 'CANCEL_PENDING'
  | 'CANCELLED'
  | 'REFUNDED'
  | 'FAILED'
  | 'EXPIRED';

// A Record keyed by the union: a status added to the type does not compile until it is mapped.
export const {{NAME}}_STATUSES: Readonly<Record<{{Name}}Status, PaymentStatus>> = {
  PENDING: 'pending',
  AUTHORIZED: 'authorized',
  CAPTURED: 'succeeded',
  CANCEL_PENDING: 'pending',
  CANCELLED: 'cancelled',
  REFUNDED: 'refunded',
  FAILED: 'failed',
  EXPIRED: 'expired',
};

/**
 * What a cancel answer means, by the state it reports. `refused`: the payment sits in a final
 * state other than CANCELLED, so nothing was cancelled; the cancel rejects with `not_cancellable`.
 */
export const {{NAME}}_CANCEL_OUTCOME: Readonly<
  Record<{{Name}}Status, 'cancelled' | 'pending' | 'refused'>
> = {
  CANCELLED: 'cancelled',
  CANCEL_PENDING: 'pending',
  PENDING: 'pending',
  AUTHORIZED: 'pending',
  CAPTURED: 'refused',
  REFUNDED: 'refused',
  FAILED: 'refused',
  EXPIRED: 'refused',
};

function isDocumented(status: string): status is {{Name}}Status {
  return Object.hasOwn({{NAME}}_STATUSES, status);
}

/** An undocumented status is 'pending': never invent a success the provider did not state. */
export function paymentStatusFor(status: string): PaymentStatus {
  return isDocumented(status) ? {{NAME}}_STATUSES[status] : 'pending';
}

/** The state in a cancel answer to the cancel's outcome; an undocumented one is 'pending'. */
export function cancelOutcomeFor(status: string): 'cancelled' | 'pending' | 'refused' {
  return isDocumented(status) ? {{NAME}}_CANCEL_OUTCOME[status] : 'pending';
}

/** Every error code {{displayName}} documents. */
export type {{Name}}ErrorCode =
  | 'UNAUTHORIZED'
  | 'INVALID_SIGNATURE'
  | 'INVALID_REQUEST'
  | 'PAYMENT_NOT_FOUND'
  | 'ALREADY_CANCELLED'
  | 'NOT_CANCELLABLE'
  | 'CANCEL_WINDOW_EXPIRED'
  | 'DUPLICATE_REQUEST';

export const {{NAME}}_ERRORS: Readonly<Record<{{Name}}ErrorCode, PaykitErrorCode>> = {
  UNAUTHORIZED: 'authentication_failed',
  INVALID_SIGNATURE: 'authentication_failed',
  // The provider found our request malformed: our bug, not the caller's input.
  INVALID_REQUEST: 'provider_error',
  PAYMENT_NOT_FOUND: 'payment_not_found',
  ALREADY_CANCELLED: 'already_cancelled',
  NOT_CANCELLABLE: 'not_cancellable',
  CANCEL_WINDOW_EXPIRED: 'cancel_window_expired',
  DUPLICATE_REQUEST: 'duplicate_request',
};

/** A documented code's contract code; any other refusal is a provider_error. */
export function errorCodeFor(providerCode: string): PaykitErrorCode {
  return Object.hasOwn({{NAME}}_ERRORS, providerCode)
    ? {{NAME}}_ERRORS[providerCode as {{Name}}ErrorCode]
    : 'provider_error';
}

/** A refusal, read for core's answer reader: `{ error: { code, message } }`; anything else is none. */
export function refusalOf(body: unknown): Refusal | undefined {
  const parsed = v.safeParse(errorSchema, body);
  if (!parsed.success) return undefined;
  const { code, message } = parsed.output.error;
  return { code: errorCodeFor(code), providerCode: code, providerMessage: message };
}
