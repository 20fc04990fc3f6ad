import type { VerifyWebhookInput, WebhookEvent } from '@paykit/core';
import { createWebhookVerifier, eventTime, timingSafeEqualString } from '@paykit/core/connector';
import {
  notificationSchema,
  SIGNATURE_HEADER,
  stringToSign,
  TIMESTAMP_HEADER,
} from './acme-pay-api.js';
import { moneyOf } from './acme-pay-payment.js';
import { ACME_PAY_DISPLAY_NAME, ACME_PAY_ID } from './acme-pay-settings.js';
import { paymentStatusFor } from './acme-pay-status.js';

export interface AcmePayWebhookOptions {
  /** The HMAC of the signing secret, imported once by the connector. */
  hmac(message: string): Promise<string>;
  toleranceSeconds: number;
}

/**
 * Acme Pay's webhooks: the same signature as requests, `x-acme-pay-signature` over
 * `${timestamp}.${body}`, with the timestamp in `x-acme-pay-timestamp` (a stale one is a replay).
 */
export function createAcmePayWebhookVerifier(
  options: AcmePayWebhookOptions,
): (input: VerifyWebhookInput) => Promise<WebhookEvent> {
  return createWebhookVerifier({
    connector: ACME_PAY_ID,
    displayName: ACME_PAY_DISPLAY_NAME,
    signature({ body, headers }) {
      const signature = headers.get(SIGNATURE_HEADER);
      const timestamp = headers.get(TIMESTAMP_HEADER);
      if (!signature || !timestamp) return `no ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} headers`;
      if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-fA-F]{64}$/.test(signature)) {
        return 'a malformed signature or timestamp header';
      }
      return {
        signature: signature.toLowerCase(),
        signed: stringToSign(timestamp, body),
        timestamp: Number(timestamp),
      };
    },
    verify: async (signed, signature) =>
      timingSafeEqualString(await options.hmac(signed), signature),
    toleranceSeconds: options.toleranceSeconds,
    schema: notificationSchema,
    toEvent({ type, created, data }, found) {
      const amount = moneyOf(data);
      const occurredAt = eventTime(created ?? found.timestamp);
      return {
        type,
        ...(data.id ? { paymentId: data.id } : {}),
        status: paymentStatusFor(data.status),
        providerStatus: data.status,
        ...(amount ? { amount } : {}),
        ...(occurredAt ? { occurredAt } : {}),
      };
    },
  });
}
