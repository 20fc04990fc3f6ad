import {
  PaykitError,
  parseInput,
  type Redactor,
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

/** The notification's JSON: the raw body, or the url-encoded `resultData` field of a form post. */
function notificationJson(body: string): unknown {
  const text = body.trim();
  const json = text.startsWith('{') ? text : new URLSearchParams(text).get('resultData');
  if (json === null) {
    throw invalid('The YabandPay notification is neither JSON nor a resultData form field.');
  }
  try {
    return JSON.parse(json);
  } catch {
    throw invalid('The YabandPay notification does not hold valid JSON.');
  }
}

/** Verifies a YabandPay notification's HMAC over the fields of `data`, then reads its state. */
export async function verifyNotification(
  input: VerifyWebhookInput,
  hmac: (message: string) => Promise<string>,
  redactor: Redactor,
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

  const data = v.safeParse(notificationDataSchema, notification.data);
  if (!data.success) throw invalid('The YabandPay notification has no "state".');
  const amount = moneyOf(data.output, 'invalid_request', redactor);
  return {
    connector: CONNECTOR,
    type: 'payment.notification',
    ...(data.output.trade_id ? { paymentId: data.output.trade_id } : {}),
    status: paymentStatusFor(data.output.state),
    providerStatus: data.output.state,
    ...(amount ? { amount } : {}),
    raw: notification,
  };
}
