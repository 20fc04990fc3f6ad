import type { PaykitErrorCode, PaymentStatus } from '@paykit/core';

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

export function isDocumentedStatus(status: string): status is {{Name}}Status {
  return Object.hasOwn({{NAME}}_STATUSES, status);
}

/** An undocumented status is 'pending': never invent a success the provider did not state. */
export function paymentStatusFor(status: string): PaymentStatus {
  return isDocumentedStatus(status) ? {{NAME}}_STATUSES[status] : 'pending';
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
