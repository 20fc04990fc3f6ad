import { PaykitError, type VerifyWebhookInput, type WebhookEvent } from '@paykit/core';
import { createWebhookVerifier, eventTime, timingSafeEqualString } from '@paykit/core/connector';
import * as v from 'valibot';
import { notificationSchema, verifiedNotificationSchema } from './yabandpay-api.js';
import { moneyOf } from './yabandpay-payment.js';
import { YABANDPAY_DISPLAY_NAME, YABANDPAY_ID } from './yabandpay-settings.js';
import { notificationStringToSign } from './yabandpay-signing.js';
import { paymentStatusFor } from './yabandpay-status.js';

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

function invalid(message: string): PaykitError {
  return new PaykitError({ code: 'invalid_request', connector: YABANDPAY_ID, message });
}

/** The notification's JSON text: the raw body, or the url-encoded `resultData` field of a form post. */
function notificationJson(body: string): string {
  const text = body.trim();
  const json = text.startsWith('{') ? text : new URLSearchParams(text).get('resultData');
  if (json === null) {
    throw invalid('The YabandPay notification is neither JSON nor a resultData form field.');
  }
  return json;
}

/**
 * YabandPay's notifications: an HMAC over the fields of `data` (as YabandPay's PHP turns them
 * into text), inside the body. The amount and the time (`createDate`, Unix seconds) are only
 * reported: an unreadable one is left out of the event.
 */
export function createYabandPayWebhookVerifier(
  hmac: (message: string) => Promise<string>,
): (input: VerifyWebhookInput) => Promise<WebhookEvent> {
  return createWebhookVerifier({
    connector: YABANDPAY_ID,
    displayName: YABANDPAY_DISPLAY_NAME,
    json: notificationJson,
    signature(request) {
      const parsed = v.safeParse(notificationSchema, request.json());
      if (!parsed.success) throw invalid('The YabandPay notification has no "data" object.');
      const { sign, data } = parsed.output;
      if (typeof sign !== 'string' || !HEX_SHA256.test(sign)) return 'no well-formed "sign"';
      return { signature: sign.toLowerCase(), signed: notificationStringToSign(data) };
    },
    verify: async (signed, signature) => timingSafeEqualString(await hmac(signed), signature),
    schema: verifiedNotificationSchema,
    toEvent({ data }) {
      const amount = moneyOf(data);
      const occurredAt = eventTime(data.createDate);
      return {
        type: 'payment.notification',
        ...(data.trade_id ? { paymentId: data.trade_id } : {}),
        status: paymentStatusFor(data.state),
        providerStatus: data.state,
        ...(amount ? { amount } : {}),
        ...(occurredAt ? { occurredAt } : {}),
      };
    },
  });
}
