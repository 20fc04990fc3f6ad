import type { ProviderOptionsFor } from '@paykit/core';
import { pathSegment, requestIdSchema as requestIdOf } from '@paykit/core/connector';
import * as v from 'valibot';
import type { ACME_PAY_ID } from './acme-pay-settings.js';

// The wire format of Acme Pay, and what callers give. Strict for what we send (a typo fails
// the build or the simulator), lenient for what we receive (a field the provider adds tomorrow
// must not break us).

/** What callers give, checked by core before anything is signed or sent. */
export const inputSchemas = {
  // In the URL path: no "/", "?", "#", "..", whitespace or control characters.
  paymentId: pathSegment(64),
  // In the body, as `request_id`.
  requestId: requestIdOf(64),
  // Strict, so that a misspelt option is refused rather than silently ignored.
  options: v.strictObject(
    {
      reason: v.optional(
        v.picklist(
          ['requested_by_customer', 'duplicate', 'fraudulent'],
          'must be "requested_by_customer", "duplicate" or "fraudulent"',
        ),
      ),
    },
    'may hold only "reason"',
  ),
};

/** `providerOptions.acme-pay`: why the payment is cancelled. A status query takes it too. */
export type AcmePayOptions = v.InferInput<typeof inputSchemas.options>;
/** `providerOptions` as a Acme Pay connector takes it: a misspelt key or option does not compile. */
export type AcmePayProviderOptions = ProviderOptionsFor<typeof ACME_PAY_ID, AcmePayOptions>;

// ---- What we send: strict. ----

/** The body of `POST /v1/payments/{paymentId}/cancel`. */
export const cancelRequestSchema = v.strictObject({
  request_id: v.pipe(v.string(), v.nonEmpty()),
  reason: v.optional(v.string()),
});
export type AcmePayCancelRequest = v.InferOutput<typeof cancelRequestSchema>;

export const SIGNATURE_HEADER = 'x-acme-pay-signature';
export const TIMESTAMP_HEADER = 'x-acme-pay-timestamp';

/** What gets signed: the Unix-seconds timestamp, a dot, and the exact body string. */
export function stringToSign(timestamp: string, body: string): string {
  return `${timestamp}.${body}`;
}

// ---- What we receive: lenient. ----

// Amounts and currencies are only reported: read as they come, left out when unreadable.
/** A payment as Acme Pay answers it; amounts are decimal strings such as "12.50". */
export const paymentSchema = v.looseObject({
  id: v.optional(v.string()),
  status: v.string(),
  amount: v.optional(v.unknown()),
  currency: v.optional(v.unknown()),
  /** Only on a cancel's answer: the provider's reference of the cancellation. */
  cancellation_id: v.optional(v.nullable(v.string())),
});
export type AcmePayPaymentBody = v.InferOutput<typeof paymentSchema>;

/** Every refusal: `{ "error": { "code": "ALREADY_CANCELLED", "message": "..." } }`. */
export const errorSchema = v.looseObject({
  error: v.looseObject({ code: v.string(), message: v.optional(v.nullable(v.string())) }),
});

/** A webhook: `{ "type": "payment.cancelled", "created": 1700000000, "data": <payment> }`. */
export const notificationSchema = v.looseObject({
  type: v.pipe(v.string(), v.nonEmpty()),
  created: v.optional(v.unknown()),
  data: paymentSchema,
});
