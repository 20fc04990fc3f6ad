import type { ProviderOptionsFor } from '@paykit/core';
import { requestIdSchema as requestIdOf } from '@paykit/core/connector';
import * as v from 'valibot';
import type { PAYERMAX_ID } from './payermax-settings.js';

/** The wire format of PayerMax's aggregate-pay gateway: strict for what we send, lenient for answers. */

export const API_VERSION = '1.5';
export const KEY_VERSION = '1';
/** The code of every answer PayerMax accepted; anything else is an error code. */
export const APPLY_SUCCESS = 'APPLY_SUCCESS';

/** Field limits of the cancel request (seed README, PayerMax API reference). */
export const LIMITS = {
  version: 8,
  keyVersion: 8,
  requestTime: 32,
  appId: 64,
  merchantNo: 32,
  requestId: 64,
  outTradeNo: 64,
} as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A bounded, printable string field. */
export function field(maxLength: number) {
  return v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.maxLength(maxLength, `must be at most ${maxLength} characters`),
    v.check((s) => !CONTROL.test(s), 'must not contain control characters'),
  );
}

/**
 * `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in UTC, e.g. `2022-01-17T08:04:13.879+00:00`: the ISO form with
 * its `Z` spelled as the offset PayerMax's own examples use.
 */
export function formatRequestTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}+00:00`;
}

/** The signed envelope of every gateway request. */
export const requestEnvelopeSchema = v.strictObject({
  version: field(LIMITS.version),
  keyVersion: field(LIMITS.keyVersion),
  requestTime: field(LIMITS.requestTime),
  appId: field(LIMITS.appId),
  merchantNo: v.optional(field(LIMITS.merchantNo)),
  data: v.record(v.string(), v.unknown()),
});

export type RequestEnvelope = v.InferOutput<typeof requestEnvelopeSchema>;

export const cancelDataSchema = v.strictObject({
  requestId: field(LIMITS.requestId),
  outTradeNo: field(LIMITS.outTradeNo),
});

const optionalText = v.nullish(v.string());

/** Every answer: `{code, msg, data?}`; error answers carry no data. */
export const answerEnvelopeSchema = v.looseObject({
  code: v.pipe(v.string(), v.nonEmpty()),
  msg: optionalText,
  data: v.nullish(v.unknown()),
});

/** An accepted answer: `code: APPLY_SUCCESS` and the call's `data`. */
export function successSchema<D extends v.GenericSchema>(data: D) {
  return v.looseObject({ code: v.literal(APPLY_SUCCESS), msg: optionalText, data });
}

/** `data` of an accepted cancel (seed 002). */
export const cancelAnswerDataSchema = v.looseObject({
  cancelNo: optionalText,
  requestId: optionalText,
  outTradeNo: optionalText,
  status: v.pipe(v.string(), v.nonEmpty()),
  createdTime: optionalText,
  succeededTime: optionalText,
  failedTime: optionalText,
  errorCode: optionalText,
  errorMsg: optionalText,
});

export type CancelAnswerData = v.InferOutput<typeof cancelAnswerDataSchema>;

/** `data` of an `orderQuery` request: the order to look up. */
export const orderQueryDataSchema = v.strictObject({
  outTradeNo: field(LIMITS.outTradeNo),
});

/**
 * `data` of an accepted `orderQuery` answer. `status` is the order's state (SUCCESS, PENDING,
 * FAILED, CLOSED); auth-capture orders carry `captureMode: MANUAL` and authorisation fields, which
 * stay in `raw`. The amount is read leniently: an unreadable one is left out, never an error.
 */
export const orderAnswerDataSchema = v.looseObject({
  outTradeNo: optionalText,
  status: v.pipe(v.string(), v.nonEmpty()),
  captureMode: optionalText,
  // Only reported, never decided on: read as found, taken when they have the documented type.
  tradeToken: v.optional(v.unknown()),
  totalAmount: v.optional(v.unknown()),
  currency: v.optional(v.unknown()),
  country: v.optional(v.unknown()),
});

export type OrderAnswerData = v.InferOutput<typeof orderAnswerDataSchema>;

/** A notification: `{code, msg, keyVersion, appId, merchantNo, notifyTime, notifyType, data}`. */
export const notificationSchema = v.looseObject({
  code: optionalText,
  msg: optionalText,
  keyVersion: optionalText,
  appId: optionalText,
  merchantNo: optionalText,
  notifyTime: optionalText,
  notifyType: v.pipe(v.string(), v.nonEmpty()),
  data: v.looseObject({
    outTradeNo: optionalText,
    status: v.pipe(v.string(), v.nonEmpty()),
    // PAYMENT notifications: the order amount; CAPTURE: the captured amount; REFUND: the refund.
    // Only reported, never decided on: an unreadable amount is left out of the event.
    totalAmount: v.optional(v.unknown()),
    currency: v.optional(v.unknown()),
    amount: v.optional(v.unknown()),
    refundAmount: v.optional(v.unknown()),
    refundCurrency: v.optional(v.unknown()),
    captureMode: optionalText,
    cancelNo: optionalText,
    captureNo: optionalText,
    tradeToken: optionalText,
    refundTradeNo: optionalText,
  }),
});

export type Notification = v.InferOutput<typeof notificationSchema>;

/** What callers give: ids travel in the signed JSON body, not in the URL. */
export const inputSchemas = {
  paymentId: field(LIMITS.outTradeNo),
  requestId: requestIdOf(LIMITS.requestId),
  // PayerMax takes no provider options: an entry must be empty.
  options: v.strictObject({}, 'PayerMax takes no provider options'),
};
export type PayerMaxOptions = v.InferInput<typeof inputSchemas.options>;
/** `providerOptions` as a PayerMax connector takes it: PayerMax has no options. */
export type PayerMaxProviderOptions = ProviderOptionsFor<typeof PAYERMAX_ID, PayerMaxOptions>;
