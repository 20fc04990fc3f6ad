import {
  type Money,
  reportedAmount,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import { createWebhookVerifier, eventTime, type RsaVerifier } from '@paykit/core/connector';
import { type Notification, notificationSchema } from './payermax-api.js';
import { decimalAmount } from './payermax-payment.js';
import { PAYERMAX_DISPLAY_NAME, PAYERMAX_ID } from './payermax-settings.js';
import { notificationStatusOf } from './payermax-status.js';

/** What PayerMax expects back; any other answer makes it resend (0 s, 30 s, 300 s, ... 12 h). */
export const PAYERMAX_ACKNOWLEDGEMENT = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"code":"SUCCESS","msg":"Success"}',
} as const;

/** What a notification is checked against: PayerMax's key and this merchant's app. */
export interface NotificationVerifierOptions {
  verifier: RsaVerifier;
  /** The connector's appId: a notification for another app is refused. */
  appId: string;
  /** The connector's merchantNo, when set: a notification for another merchant is refused. */
  merchantNo?: string | undefined;
}

/**
 * PayerMax's notifications: a `sign` header over the raw body, verified with PayerMax's key, then
 * held to this merchant: PayerMax signs every merchant's notifications with the same key, so a
 * signature alone does not say the notification is about one of this app's orders.
 */
export function createPayerMaxWebhookVerifier(
  options: NotificationVerifierOptions,
): (input: VerifyWebhookInput) => Promise<WebhookEvent> {
  return createWebhookVerifier({
    connector: PAYERMAX_ID,
    displayName: PAYERMAX_DISPLAY_NAME,
    signature({ body, headers }) {
      const sign = headers.get('sign');
      return sign ? { signature: sign, signed: body } : 'no sign header';
    },
    verify: (signed, signature) => options.verifier.verify(signed, signature),
    schema: notificationSchema,
    addressee: (notification) => addresseeProblem(notification, options),
    toEvent(notification) {
      const { data } = notification;
      const amount = reportedAmount(() => amountOf(notification));
      const occurredAt = eventTime(notification.notifyTime);
      return {
        type: notification.notifyType,
        ...(data.outTradeNo ? { paymentId: data.outTradeNo } : {}),
        status: notificationStatusOf(notification.notifyType, data.status, data.captureMode),
        providerStatus: data.status,
        ...(amount ? { amount } : {}),
        ...(occurredAt ? { occurredAt } : {}),
      };
    },
    acknowledgement: PAYERMAX_ACKNOWLEDGEMENT,
  });
}

// PayerMax always sends appId (and merchantNo) in a notification; one without appId cannot be
// shown to be this app's and is refused like one for another app. merchantNo is checked only when
// the connector has one; then a notification without it is refused too.
function addresseeProblem(
  notification: Notification,
  options: NotificationVerifierOptions,
): string | undefined {
  if (!notification.appId) return 'it has no appId, so it cannot be matched to this connector';
  if (notification.appId !== options.appId) {
    return "its appId is not this connector's appId: it is for another app";
  }
  if (options.merchantNo === undefined) return undefined;
  if (!notification.merchantNo)
    return "it has no merchantNo, and this connector's merchantNo is set";
  if (notification.merchantNo !== options.merchantNo) {
    return "its merchantNo is not this connector's merchantNo: it is for another merchant";
  }
  return undefined;
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
