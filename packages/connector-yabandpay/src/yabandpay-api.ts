import * as v from 'valibot';

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

// ---- What we receive: lenient, but `status` and `code` typed as the seed shows them. ----

export const answerSchema = v.looseObject({
  status: v.boolean(),
  code: v.string(),
  message: v.optional(v.nullable(v.string())),
  data: v.optional(v.unknown()),
});

const amount = v.optional(v.union([v.string(), v.number()]));

/** `data` of a successful cancel: the payment, with its new state. */
export const cancelDataSchema = v.looseObject({
  state: v.string(),
  amount,
  currency: v.optional(v.string()),
  trade_id: v.optional(v.string()),
  order_id: v.optional(v.union([v.string(), v.number()])),
});

/** `data` of a successful v3.QueryOrder. */
export const queryDataSchema = v.looseObject({
  transaction_info: v.looseObject({
    state: v.string(),
    amount,
    currency: v.optional(v.string()),
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
  trade_id: v.optional(v.string()),
  order_id: v.optional(v.union([v.string(), v.number()])),
  amount,
  currency: v.optional(v.string()),
});
