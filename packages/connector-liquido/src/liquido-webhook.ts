import type { VerifyWebhookInput, WebhookEvent } from '@paykit/core';
import {
  createHmacSha256Signer,
  createWebhookVerifier,
  eventTime,
  timingSafeEqualString,
} from '@paykit/core/connector';
import { webhookBodySchema } from './liquido-api.js';
import { moneyOf } from './liquido-payment.js';
import { LIQUIDO_DISPLAY_NAME, LIQUIDO_ID } from './liquido-settings.js';
import { paymentStatusOf } from './liquido-status.js';

export const LIQUIDO_SIGNATURE_HEADER = 'Liquido-Signature';

export interface LiquidoSignature {
  algorithm: string;
  /** Unix seconds, as sent. */
  timestamp: string;
  /** Lowercase hex HMAC-SHA256. */
  signature: string;
}

/** Reads `algorithm=HmacSHA256,timestamp=<seconds>,signature=<hex>`; undefined when malformed. */
export function parseLiquidoSignature(header: string | undefined): LiquidoSignature | undefined {
  if (!header) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const algorithm = fields.get('algorithm');
  const timestamp = fields.get('timestamp');
  const signature = fields.get('signature');
  if (!algorithm || !timestamp || !signature) return undefined;
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-fA-F]{64}$/.test(signature)) return undefined;
  return { algorithm, timestamp, signature: signature.toLowerCase() };
}

/** The string Liquido signs: `payload=<raw body>,timestamp=<timestamp>`. */
export function liquidoWebhookStringToSign(body: string, timestamp: string): string {
  return `payload=${body},timestamp=${timestamp}`;
}

export interface LiquidoWebhookOptions {
  /** The client secret: the key of webhook signatures. */
  clientSecret: string;
  toleranceSeconds: number;
}

/** Liquido's webhooks: `Liquido-Signature` over `payload=<raw body>,timestamp=<timestamp>`. */
export function createLiquidoWebhookVerifier(
  options: LiquidoWebhookOptions,
): (input: VerifyWebhookInput) => Promise<WebhookEvent> {
  const hmac = createHmacSha256Signer(options.clientSecret);
  return createWebhookVerifier({
    connector: LIQUIDO_ID,
    displayName: LIQUIDO_DISPLAY_NAME,
    signature({ body, headers }) {
      const header = headers.get(LIQUIDO_SIGNATURE_HEADER) ?? undefined;
      if (!header) return `no ${LIQUIDO_SIGNATURE_HEADER} header`;
      const parsed = parseLiquidoSignature(header);
      if (!parsed) return `the ${LIQUIDO_SIGNATURE_HEADER} header is malformed`;
      if (parsed.algorithm.toLowerCase() !== 'hmacsha256') {
        return `unsupported algorithm "${parsed.algorithm}"`;
      }
      return {
        signature: parsed.signature,
        signed: liquidoWebhookStringToSign(body, parsed.timestamp),
        timestamp: Number(parsed.timestamp),
      };
    },
    verify: async (signed, signature) => timingSafeEqualString(await hmac(signed), signature),
    toleranceSeconds: options.toleranceSeconds,
    schema: webhookBodySchema,
    toEvent(event, found) {
      const charge = event.data.chargeDetails;
      const providerStatus = charge.transferStatus ?? charge.status ?? '';
      const amount = moneyOf(charge);
      const occurredAt = eventTime(found.timestamp);
      return {
        type: event.eventType,
        ...(charge.idempotencyKey ? { paymentId: charge.idempotencyKey } : {}),
        status: paymentStatusOf(providerStatus),
        providerStatus,
        ...(amount ? { amount } : {}),
        ...(occurredAt ? { occurredAt } : {}),
      };
    },
  });
}
