import * as v from 'valibot';

// The wire format of {{displayName}}. Strict for what we send (a typo fails the build or the
// simulator), lenient for what we receive (a field the provider adds tomorrow must not break us).

/** The body of `POST /v1/payments/{paymentId}/cancel`. */
export const cancelRequestSchema = v.strictObject({
  request_id: v.pipe(v.string(), v.nonEmpty()),
  reason: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type {{Name}}CancelRequest = v.InferOutput<typeof cancelRequestSchema>;

/** A payment as {{displayName}} answers it; amounts are decimal strings such as "12.50". */
export const paymentSchema = v.looseObject({
  id: v.string(),
  status: v.string(),
  amount: v.optional(v.string()),
  currency: v.optional(v.string()),
  /** Only on a cancel's answer: the provider's reference of the cancellation. */
  cancellation_id: v.optional(v.string()),
});
export type {{Name}}PaymentBody = v.InferOutput<typeof paymentSchema>;

/** Every refusal: `{ "error": { "code": "ALREADY_CANCELLED", "message": "..." } }`. */
export const errorSchema = v.looseObject({
  error: v.looseObject({ code: v.string(), message: v.optional(v.string()) }),
});

export const SIGNATURE_HEADER = 'x-{{id}}-signature';
export const TIMESTAMP_HEADER = 'x-{{id}}-timestamp';

/** What gets signed: the Unix-seconds timestamp, a dot, and the exact body string sent. */
export function stringToSign(timestamp: string, body: string): string {
  return `${timestamp}.${body}`;
}
