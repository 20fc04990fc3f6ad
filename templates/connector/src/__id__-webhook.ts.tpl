import type { VerifyWebhookInput, WebhookEvent } from '@paykit/core';
import { createWebhookVerifier, eventTime, timingSafeEqualString } from '@paykit/core/connector';
import {
  notificationSchema,
  SIGNATURE_HEADER,
  stringToSign,
  TIMESTAMP_HEADER,
} from './{{id}}-api.js';
import { moneyOf } from './{{id}}-payment.js';
import { {{NAME}}_DISPLAY_NAME, {{NAME}}_ID } from './{{id}}-settings.js';
import { paymentStatusFor } from './{{id}}-status.js';

export interface {{Name}}WebhookOptions {
  /** The HMAC of the signing secret, imported once by the connector. */
  hmac(message: string): Promise<string>;
  toleranceSeconds: number;
}

/**
 * {{displayName}}'s webhooks: the same signature as requests, `x-{{id}}-signature` over
 * `${timestamp}.${body}`, with the timestamp in `x-{{id}}-timestamp` (a stale one is a replay).
 */
export function create{{Name}}WebhookVerifier(
  options: {{Name}}WebhookOptions,
): (input: VerifyWebhookInput) => Promise<WebhookEvent> {
  return createWebhookVerifier({
    connector: {{NAME}}_ID,
    displayName: {{NAME}}_DISPLAY_NAME,
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
    verify: async (signed, signature) => timingSafeEqualString(await options.hmac(signed), signature),
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
