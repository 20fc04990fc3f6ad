import type { ProviderOptionsFor } from '@paykit/core';
import { pathSegment, requestIdSchema as requestIdOf } from '@paykit/core/connector';
import * as v from 'valibot';
import type { LIQUIDO_ID } from './liquido-settings.js';

/** What callers give. Liquido's idempotencyKey travels in the URL path. */
export const inputSchemas = {
  paymentId: pathSegment(64),
  // Liquido has no request id on the wire: it names the call in logs and errors only.
  requestId: requestIdOf(64),
  options: v.strictObject(
    {
      target: v.optional(
        v.picklist(['charge', 'reference'], 'must be "charge" or "reference"'),
        'charge',
      ),
    },
    'may hold only "target"',
  ),
};

/** `providerOptions.liquido`: `target: 'reference'` cancels a PayCash reference. */
export type LiquidoOptions = v.InferInput<typeof inputSchemas.options>;
/** `providerOptions` as a Liquido connector takes it: a misspelt key or option does not compile. */
export type LiquidoProviderOptions = ProviderOptionsFor<typeof LIQUIDO_ID, LiquidoOptions>;

// Liquido's wire format. What we send is built from validated input; what we receive is read
// leniently (loose objects, optional fields): Liquido adds fields without notice.

/** The OAuth2 client-credentials answer: `{access_token, expires_in, token_type}`. */
export const tokenAnswerSchema = v.looseObject({
  access_token: v.pipe(v.string(), v.nonEmpty()),
  // Some OAuth servers send the lifetime as a string; both mean seconds.
  expires_in: v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))]),
    v.number(),
    v.minValue(1),
  ),
  token_type: v.optional(v.string()),
});
export type TokenAnswer = v.InferOutput<typeof tokenAnswerSchema>;

/** An OAuth2 error body (`{error, error_description}`), read only to quote it. */
export const oauthErrorSchema = v.looseObject({
  error: v.optional(v.string()),
  error_description: v.optional(v.string()),
  message: v.optional(v.string()),
});

// Amounts and currencies are only reported: read leniently here, and left out of a result when
// they cannot be read (see liquido-payment.ts), never failing the answer they came in.
const payCashSchema = v.looseObject({
  amount: v.optional(v.unknown()),
  expirationDate: v.optional(v.nullable(v.string())),
  reference: v.optional(v.nullable(v.string())),
});

const transferDetailsSchema = v.looseObject({
  payCash: v.optional(v.nullable(payCashSchema)),
});

/**
 * A charge (seed 001: cancel answer and `GET /v1/payments/charges/{key}`) or a PayCash reference
 * (seed 000: `status` instead of `transferStatus`, amount inside `transferDetails.payCash`).
 */
export const chargeAnswerSchema = v.looseObject({
  // Seen as 200 and as "200": both are the number.
  transferStatusCode: v.optional(
    v.nullable(
      v.union([
        v.pipe(v.number(), v.integer()),
        v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number)),
      ]),
    ),
  ),
  transferErrorMsg: v.optional(v.nullable(v.string())),
  idempotencyKey: v.optional(v.nullable(v.string())),
  referenceId: v.optional(v.nullable(v.string())),
  paymentMethod: v.optional(v.nullable(v.string())),
  amount: v.optional(v.unknown()),
  currency: v.optional(v.unknown()),
  country: v.optional(v.nullable(v.string())),
  transferStatus: v.optional(v.nullable(v.string())),
  status: v.optional(v.nullable(v.string())),
  transferDetails: v.optional(v.nullable(transferDetailsSchema)),
});
export type ChargeAnswer = v.InferOutput<typeof chargeAnswerSchema>;

/** A webhook: `{eventType, data: {chargeDetails: {...}}}`. */
export const webhookBodySchema = v.looseObject({
  eventType: v.pipe(v.string(), v.nonEmpty()),
  data: v.looseObject({ chargeDetails: chargeAnswerSchema }),
});
export type WebhookBody = v.InferOutput<typeof webhookBodySchema>;

/** The charge's state word: `transferStatus` on charges, `status` on PayCash references. */
export function statusWordOf(answer: ChargeAnswer): string | undefined {
  return answer.transferStatus ?? answer.status ?? undefined;
}
