import type { PaykitErrorCode } from '@paykit/core';

/** Acme's payment states. */
export const ACME_STATES = ['authorized', 'voided', 'captured', 'refunded', 'expired'] as const;
export type AcmeState = (typeof ACME_STATES)[number];

/** Every documented Acme error code, to the contract's codes. */
export const ACME_ERROR_CODES: Record<string, PaykitErrorCode> = {
  parameter_missing: 'invalid_request',
  invalid_api_key: 'authentication_failed',
  invalid_signature: 'authentication_failed',
  payment_not_found: 'payment_not_found',
  payment_already_voided: 'already_cancelled',
  payment_not_voidable: 'not_cancellable',
  payment_expired: 'not_cancellable',
  void_window_expired: 'cancel_window_expired',
  duplicate_request_id: 'duplicate_request',
};

/** Resolving states of a void: anything else Acme might invent later is `pending`, never `cancelled`. */
export function voidStatus(state: string): 'cancelled' | 'pending' {
  return state === 'voided' ? 'cancelled' : 'pending';
}
