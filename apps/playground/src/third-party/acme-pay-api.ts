import * as v from 'valibot';

/** What the connector sends: strict, so a typo fails in our tests rather than at Acme. */
export const voidRequestSchema = v.strictObject({
  request_id: v.string(),
  reason: v.optional(v.picklist(['requested_by_customer', 'duplicate', 'fraudulent'])),
});
export type VoidRequest = v.InferOutput<typeof voidRequestSchema>;

/** A voided payment, as Acme answers it; lenient about fields we do not read. */
export const voidAnswerSchema = v.looseObject({
  id: v.string(),
  status: v.string(),
  amount: v.optional(v.number()),
  currency: v.optional(v.string()),
  void_id: v.optional(v.string()),
});

/** Acme's refusals: `{ error: { code, message } }`. */
export const errorAnswerSchema = v.looseObject({
  error: v.looseObject({ code: v.string(), message: v.optional(v.string(), '') }),
});
