import {
  eventTime,
  getHeader,
  type Money,
  PaykitError,
  parseInput,
  parseWebhookJson,
  type RsaVerifier,
  reportedAmount,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import { decimalAmount } from './payermax-amount.js';
import { type Notification, notificationSchema } from './payermax-api.js';
import { CONNECTOR_ID } from './payermax-settings.js';
import { notificationStatusOf } from './payermax-status.js';

/** What PayerMax expects back; any other answer makes it resend (0 s, 30 s, 300 s, ... 12 h). */
export const PAYERMAX_ACKNOWLEDGEMENT = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"code":"SUCCESS","msg":"Success"}',
} as const;

function invalid(message: string): PaykitError {
  return new PaykitError({ code: 'signature_invalid', connector: CONNECTOR_ID, message });
}

function notForUs(message: string): PaykitError {
  return new PaykitError({ code: 'invalid_request', connector: CONNECTOR_ID, message });
}

/** What a notification is checked against: PayerMax's key and this merchant's app. */
export interface NotificationVerifierOptions {
  verifier: RsaVerifier;
  /** The connector's appId: a notification for another app is refused. */
  appId: string;
  /** The connector's merchantNo, when set: a notification for another merchant is refused. */
  merchantNo?: string | undefined;
}

/**
 * Verifies a notification's `sign` header over its raw body, reads it, and checks that it is
 * addressed to this merchant: PayerMax signs every merchant's notifications with the same key, so
 * a signature alone does not say the notification is about one of this app's orders.
 */
export async function verifyNotification(
  input: VerifyWebhookInput,
  options: NotificationVerifierOptions,
): Promise<WebhookEvent> {
  if (typeof input?.body !== 'string') {
    throw new PaykitError({
      code: 'invalid_request',
      connector: CONNECTOR_ID,
      message: 'verifyWebhook needs the raw request body as a string, exactly as received.',
    });
  }
  const sign = getHeader(input.headers, 'sign');
  if (!sign) throw invalid('The PayerMax notification has no sign header.');
  if (!(await options.verifier.verify(input.body, sign))) {
    throw invalid(
      'The sign header of the PayerMax notification does not verify with payermaxPublicKey.',
    );
  }
  const json = parseWebhookJson(input.body, CONNECTOR_ID, 'notification');
  // A signed body in the wrong shape is refused like any webhook input, in every connector.
  const notification = parseInput(notificationSchema, json, {
    what: 'PayerMax notification',
    connector: CONNECTOR_ID,
  });
  checkAddressee(notification, options);
  const { data } = notification;
  const amount = reportedAmount(() => amountOf(notification));
  const occurredAt = eventTime(notification.notifyTime);
  return {
    connector: CONNECTOR_ID,
    type: notification.notifyType,
    ...(data.outTradeNo ? { paymentId: data.outTradeNo } : {}),
    status: notificationStatusOf(notification.notifyType, data.status, data.captureMode),
    providerStatus: data.status,
    ...(amount ? { amount } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    acknowledgement: {
      ...PAYERMAX_ACKNOWLEDGEMENT,
      headers: { ...PAYERMAX_ACKNOWLEDGEMENT.headers },
    },
    raw: json,
  };
}

// PayerMax always sends appId (and merchantNo) in a notification; one without appId cannot be
// shown to be this app's and is refused like one for another app. merchantNo is checked only when
// the connector has one; then a notification without it is refused too.
function checkAddressee(notification: Notification, options: NotificationVerifierOptions) {
  if (!notification.appId) {
    throw notForUs(
      'The PayerMax notification has no appId, so it cannot be matched to this connector.',
    );
  }
  if (notification.appId !== options.appId) {
    throw notForUs(
      "The PayerMax notification's appId is not this connector's appId: it is for another app.",
    );
  }
  if (options.merchantNo === undefined) return;
  if (!notification.merchantNo) {
    throw notForUs(
      "The PayerMax notification has no merchantNo, and this connector's merchantNo is set.",
    );
  }
  if (notification.merchantNo !== options.merchantNo) {
    throw notForUs(
      "The PayerMax notification's merchantNo is not this connector's merchantNo: it is for another merchant.",
    );
  }
}

// PayerMax sends decimal major units: totalAmount (PAYMENT), amount (CAPTURE), refundAmount (REFUND).
function amountOf({ data }: Notification): Money | undefined {
  const pairs = [
    [data.totalAmount, data.currency],
    [data.amount, data.currency],
    [data.refundAmount, data.refundCurrency],
  ] as const;
  for (const [value, currency] of pairs) {
    if (value === undefined || value === null || !currency) continue;
    return decimalAmount(value, currency);
  }
  return undefined;
}
