import type { ProviderOptionsFor } from '@paykit/core';
import * as v from 'valibot';
import type { YABANDPAY_ID } from './yabandpay-settings.js';

/** The `method` field of each call this connector makes. */
export const YABANDPAY_METHODS = {
  reversal: 'v3.POSReversal',
  cancel: 'v3.POSCancel',
  silent: 'v3.CancelPayment',
  query: 'v3.QueryOrder',
} as const;

export type YabandPayCancelMethod = 'reversal' | 'cancel' | 'silent';
export type YabandPayApiMethod = (typeof YABANDPAY_METHODS)[keyof typeof YABANDPAY_METHODS];

// ---- What we send: strict. ----

/** A trade id or terminal id: YabandPay's are UUIDs and `T125119061`-style codes. */
export const IDENTIFIER = /^[A-Za-z0-9_-]+$/;
/** YabandPay asks for a request_id of letters and digits. */
export const REQUEST_ID = /^[A-Za-z0-9]+$/;

const tradeId = v.pipe(v.string(), v.maxLength(64), v.regex(IDENTIFIER));

/** `data` of v3.POSReversal and v3.POSCancel, in the seed's field order. */
export interface PosData {
  tid: string;
  trade_id: string;
  request_id: string;
}

/** `data` of v3.CancelPayment and v3.QueryOrder. */
export interface TradeData {
  trade_id: string;
}

/** The body of every call to `POST /Payments`. */
export interface RequestEnvelope {
  /** The terminal id (TID). */
  user: string;
  /** Lowercase hex HMAC-SHA256 of the canonical string. */
  sign: string;
  method: YabandPayApiMethod;
  /** Unix seconds. */
  time: number;
  data: PosData | TradeData;
}

export const posDataSchema = v.strictObject({
  tid: v.pipe(v.string(), v.maxLength(64), v.regex(IDENTIFIER)),
  trade_id: tradeId,
  request_id: v.pipe(v.string(), v.maxLength(64), v.regex(REQUEST_ID)),
});

export const tradeDataSchema = v.strictObject({ trade_id: tradeId });

/** What a sent body must look like; tests hold every request to it. */
export const requestEnvelopeSchema = v.strictObject({
  user: v.pipe(v.string(), v.regex(IDENTIFIER)),
  sign: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  method: v.picklist(Object.values(YABANDPAY_METHODS)),
  time: v.pipe(v.number(), v.integer()),
  data: v.union([posDataSchema, tradeDataSchema]),
});

// ---- What callers give: the provider's alphabets, checked before anything is signed. ----

/** A trade id or a terminal id: YabandPay gives both the same alphabet. */
export const identifierSchema = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.maxLength(64, 'must be at most 64 characters'),
  v.regex(IDENTIFIER, 'may hold only letters, digits, "-" and "_"'),
);

/** The ids and `providerOptions.yabandpay` of a cancel or a status query. */
export const inputSchemas = {
  paymentId: identifierSchema,
  requestId: v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.maxLength(64, 'must be at most 64 characters'),
    v.regex(REQUEST_ID, 'may hold only letters and digits (YabandPay asks for 24 or more)'),
  ),
  // Strict, so that a misspelt `method` fails loudly instead of running a reversal.
  options: v.strictObject(
    {
      tid: v.optional(identifierSchema),
      method: v.optional(
        v.picklist(['reversal', 'cancel', 'silent'], 'must be "reversal", "cancel" or "silent"'),
      ),
    },
    'may hold only "tid" and "method"',
  ),
};

/** `providerOptions.yabandpay`: a status query takes the cancel's options and uses the `tid`. */
export type YabandPayOptions = v.InferInput<typeof inputSchemas.options>;
/** `providerOptions` as a YabandPay connector takes it: a misspelt key or option does not compile. */
export type YabandPayProviderOptions = ProviderOptionsFor<typeof YABANDPAY_ID, YabandPayOptions>;

// ---- What we receive: lenient, but `status` and `code` typed as the seed shows them. ----

export const answerSchema = v.looseObject({
  status: v.boolean(),
  code: v.string(),
  message: v.optional(v.nullable(v.string())),
  data: v.optional(v.unknown()),
});

/** An answer that is no refusal: `status: true`, `code: "200"`, and the call's `data`. */
export function successSchema<D extends v.GenericSchema>(data: D) {
  return v.looseObject({ status: v.literal(true), code: v.literal('200'), data });
}

// Amounts and currencies are only reported: read as they come, left out when unreadable.
const amount = v.optional(v.unknown());
const currency = v.optional(v.unknown());

/** `data` of a successful cancel: the payment, with its new state. */
export const cancelDataSchema = v.looseObject({
  state: v.string(),
  amount,
  currency,
  trade_id: v.optional(v.string()),
  order_id: v.optional(v.union([v.string(), v.number()])),
});

/** `data` of a successful v3.QueryOrder. */
export const queryDataSchema = v.looseObject({
  transaction_info: v.looseObject({
    state: v.string(),
    amount,
    currency,
    trade_id: v.optional(v.string()),
    order_id: v.optional(v.union([v.string(), v.number()])),
  }),
});

/** A notification: `{ sign, data }`, signed over the fields of `data`. */
export const notificationSchema = v.looseObject({
  sign: v.optional(v.unknown()),
  data: v.record(v.string(), v.unknown()),
});

export const notificationDataSchema = v.looseObject({
  state: v.string(),
  createDate: v.optional(v.unknown()),
  trade_id: v.optional(v.string()),
  order_id: v.optional(v.union([v.string(), v.number()])),
  amount,
  currency,
});

/** A verified notification, as the event reads it. */
export const verifiedNotificationSchema = v.looseObject({
  sign: v.string(),
  data: notificationDataSchema,
});
