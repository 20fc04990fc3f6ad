import {
  getHeader,
  type Money,
  PaykitError,
  parseResponse,
  type RsaVerifier,
  toMinorUnits,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
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

/** Verifies a notification's `sign` header over its raw body, then reads it. */
export async function verifyNotification(
  input: VerifyWebhookInput,
  verifier: RsaVerifier,
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
  if (!(await verifier.verify(input.body, sign))) {
    throw invalid(
      'The sign header of the PayerMax notification does not verify with payermaxPublicKey.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(input.body);
  } catch {
    throw new PaykitError({
      code: 'invalid_response',
      connector: CONNECTOR_ID,
      message: 'The PayerMax notification is not JSON.',
    });
  }
  const notification = parseResponse(notificationSchema, json, {
    what: 'PayerMax notification',
    connector: CONNECTOR_ID,
  });
  const { data } = notification;
  const amount = amountOf(notification);
  return {
    connector: CONNECTOR_ID,
    type: notification.notifyType,
    ...(data.outTradeNo ? { paymentId: data.outTradeNo } : {}),
    status: notificationStatusOf(notification.notifyType, data.status, data.captureMode),
    providerStatus: data.status,
    ...(amount ? { amount } : {}),
    acknowledgement: {
      ...PAYERMAX_ACKNOWLEDGEMENT,
      headers: { ...PAYERMAX_ACKNOWLEDGEMENT.headers },
    },
    raw: json,
  };
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
    const options = { errorCode: 'invalid_response', connector: CONNECTOR_ID } as const;
    return { amount: toMinorUnits(value, currency, options), currency: currency.toUpperCase() };
  }
  return undefined;
}
