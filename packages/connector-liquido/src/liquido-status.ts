import type { PaykitErrorCode, PaymentStatus } from '@paykit/core';
import type { HttpResult, Refusal } from '@paykit/core/connector';
import * as v from 'valibot';
import { chargeAnswerSchema } from './liquido-api.js';

/** Every state word Liquido documents: `transferStatus` of charges, `status` of PayCash references. */
export const LIQUIDO_STATUSES = [
  'IN_PROGRESS',
  'AUTHORIZED',
  'SETTLED',
  'FAILED',
  'CANCELLED',
  'CHARGED_BACK',
  'ACTIVE',
] as const;
export type LiquidoStatus = (typeof LIQUIDO_STATUSES)[number];

/** Liquido's state of a payment → the common payment status. */
export const LIQUIDO_PAYMENT_STATUS: Record<LiquidoStatus, PaymentStatus> = {
  IN_PROGRESS: 'pending',
  AUTHORIZED: 'authorized',
  SETTLED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  CHARGED_BACK: 'charged_back',
  // A reusable PayCash reference that can still be paid.
  ACTIVE: 'pending',
};

/**
 * What a cancel answer with `transferStatusCode` 200 means, by the state it reports.
 * `refused`: the payment sits in a final state other than CANCELLED, so nothing was cancelled,
 * whatever the status code says; the cancel rejects with `not_cancellable` (never invented success).
 */
export const LIQUIDO_CANCEL_OUTCOME: Record<LiquidoStatus, 'cancelled' | 'pending' | 'refused'> = {
  CANCELLED: 'cancelled',
  // 200 means "succeeded or in progress": a state that has not moved yet is a pending cancel.
  IN_PROGRESS: 'pending',
  AUTHORIZED: 'pending',
  ACTIVE: 'pending',
  SETTLED: 'refused',
  FAILED: 'refused',
  CHARGED_BACK: 'refused',
};

function isKnown(status: string): status is LiquidoStatus {
  return (LIQUIDO_STATUSES as readonly string[]).includes(status);
}

/** An unknown word is `pending`, never `cancelled`. */
export function paymentStatusOf(status: string | undefined): PaymentStatus {
  const word = status?.toUpperCase() ?? '';
  return isKnown(word) ? LIQUIDO_PAYMENT_STATUS[word] : 'pending';
}

export function cancelOutcomeOf(status: string | undefined): 'cancelled' | 'pending' | 'refused' {
  const word = status?.toUpperCase() ?? '';
  return isKnown(word) ? LIQUIDO_CANCEL_OUTCOME[word] : 'pending';
}

// Liquido refuses with a `transferStatusCode` other than 200 and an English `transferErrorMsg`;
// it has no finer error codes, so the words decide. Each pattern names what it means, no catch-all
// word ("status", "method") that a transient failure also holds. Order matters: "already
// cancelled" also matches the generic "cannot be cancelled".
const REFUSALS: readonly (readonly [RegExp, PaykitErrorCode])[] = [
  [
    /already\s+(been\s+)?cancel+ed|is\s+cancel+ed\s+already|has\s+been\s+cancel+ed/i,
    'already_cancelled',
  ],
  [/not\s+found|does\s+not\s+exist|unknown\s+(payment|charge|idempotency)/i, 'payment_not_found'],
  [/cancel(lation)?\s+window|too\s+late\s+to\s+cancel/i, 'cancel_window_expired'],
  [
    /not\s+(allowed|supported|cancel+able)|cannot\s+be\s+cancel+ed|can't\s+be\s+cancel+ed|does\s+not\s+support|(has|is)\s+expired|invalid\s+(payment\s+)?(status|state)/i,
    'not_cancellable',
  ],
  // Liquido could not decide now: nothing was refused for good, asking again may work.
  [
    /temporar(il)?y|unavailable|time[ds]?\s*out|try\s+again|retry|busy|overloaded/i,
    'provider_unavailable',
  ],
];

/**
 * The contract code of a refused request, from Liquido's message and status code. A
 * `transferStatusCode` of 500 or more is Liquido failing, whatever the words: retryable.
 */
export function refusalCodeOf(
  message: string | undefined,
  transferStatusCode: number | undefined,
): PaykitErrorCode {
  if (transferStatusCode !== undefined && transferStatusCode >= 500) return 'provider_unavailable';
  for (const [pattern, code] of REFUSALS) if (message && pattern.test(message)) return code;
  if (transferStatusCode === 404) return 'payment_not_found';
  if (transferStatusCode === 401 || transferStatusCode === 403) return 'authentication_failed';
  return 'provider_error';
}

/**
 * A refused request, read for core's answer reader: any non-2xx, or a `transferStatusCode`
 * other than 200. `providerCode` is that code as a string (the HTTP status when there is none),
 * `providerMessage` Liquido's `transferErrorMsg` (or `message`).
 */
export function refusalOf(body: unknown, result: HttpResult): Refusal | undefined {
  const parsed = v.safeParse(chargeAnswerSchema, body);
  const answer = parsed.success ? parsed.output : undefined;
  const transferStatusCode = answer?.transferStatusCode ?? undefined;
  const failed = result.status < 200 || result.status >= 300;
  if (!failed && (transferStatusCode === undefined || transferStatusCode === 200)) return undefined;
  const message =
    answer?.transferErrorMsg ?? (answer as { message?: unknown } | undefined)?.message;
  const providerMessage = typeof message === 'string' ? message : undefined;
  return {
    code:
      result.status === 404
        ? 'payment_not_found'
        : refusalCodeOf(providerMessage, transferStatusCode ?? result.status),
    providerCode: String(transferStatusCode ?? result.status),
    providerMessage,
  };
}
