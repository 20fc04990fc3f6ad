import {
  eventTime,
  PaykitError,
  parseInput,
  parseWebhookJson,
  type Redactor,
  reportedAmount,
  timingSafeEqualString,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import * as v from 'valibot';
import { notificationDataSchema, notificationSchema } from './yabandpay-api.js';
import { moneyOf } from './yabandpay-money.js';
import { notificationStringToSign } from './yabandpay-signing.js';
import { paymentStatusFor } from './yabandpay-status.js';

const CONNECTOR = 'yabandpay';
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** What the event reads from `data`; the amount and currency are read apart, see moneyFields. */
const eventDataSchema = v.omit(notificationDataSchema, ['amount', 'currency']);

const inputSchema = v.object({
  body: v.string('must be a string'),
  headers: v.optional(v.unknown()),
});

function invalid(message: string): PaykitError {
  return new PaykitError({ code: 'invalid_request', connector: CONNECTOR, message });
}

function signatureInvalid(message: string): PaykitError {
  return new PaykitError({ code: 'signature_invalid', connector: CONNECTOR, message });
}

/** The amount and currency of `data`; another type is refused, so the event leaves it out. */
function moneyFields(data: Record<string, unknown>): {
  amount?: string | number;
  currency?: string;
} {
  const { amount, currency } = data;
  const amountReadable =
    amount === undefined || typeof amount === 'string' || typeof amount === 'number';
  if (!amountReadable || (currency !== undefined && typeof currency !== 'string')) {
    throw invalid('The YabandPay notification has an amount or currency that cannot be read.');
  }
  return { amount, currency };
}

/** The notification's JSON: the raw body, or the url-encoded `resultData` field of a form post. */
function notificationJson(body: string): unknown {
  const text = body.trim();
  const json = text.startsWith('{') ? text : new URLSearchParams(text).get('resultData');
  if (json === null) {
    throw invalid('The YabandPay notification is neither JSON nor a resultData form field.');
  }
  return parseWebhookJson(json, CONNECTOR, 'notification');
}

/**
 * Verifies a YabandPay notification's HMAC over the fields of `data`, then reads its state. The
 * amount and the time (`createDate`, Unix seconds) are only reported: an unreadable one is left
 * out of the event, never a reason to refuse a verified notification.
 */
export async function verifyNotification(
  input: VerifyWebhookInput,
  hmac: (message: string) => Promise<string>,
  // Kept for the connector's call: nothing the event reads is quoted in an error any more.
  _redactor: Redactor,
): Promise<WebhookEvent> {
  const { body } = parseInput(inputSchema, input, { connector: CONNECTOR, what: 'webhook input' });
  const parsed = v.safeParse(notificationSchema, notificationJson(body));
  if (!parsed.success) throw invalid('The YabandPay notification has no "data" object.');
  const notification = parsed.output;

  const sign = notification.sign;
  if (typeof sign !== 'string' || !HEX_SHA256.test(sign)) {
    throw signatureInvalid('The YabandPay notification has no well-formed "sign".');
  }
  const expected = await hmac(notificationStringToSign(notification.data));
  if (!timingSafeEqualString(expected, sign.toLowerCase())) {
    throw signatureInvalid('The YabandPay notification signature does not verify.');
  }

  const data = v.safeParse(eventDataSchema, notification.data);
  if (!data.success) throw invalid('The YabandPay notification has no "state".');
  const amount = reportedAmount(() => moneyOf(moneyFields(data.output)));
  const occurredAt = eventTime(data.output.createDate);
  return {
    connector: CONNECTOR,
    type: 'payment.notification',
    ...(data.output.trade_id ? { paymentId: data.output.trade_id } : {}),
    status: paymentStatusFor(data.output.state),
    providerStatus: data.output.state,
    ...(amount ? { amount } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    raw: notification,
  };
}
