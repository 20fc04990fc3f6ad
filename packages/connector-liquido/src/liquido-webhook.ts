import {
  eventTime,
  getHeader,
  hmacSha256Hex,
  isWithinTolerance,
  PaykitError,
  parseInput,
  parseWebhookJson,
  timingSafeEqualString,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import * as v from 'valibot';
import { webhookBodySchema } from './liquido-api.js';
import { moneyOf } from './liquido-money.js';
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

const inputSchema = v.object({
  body: v.string('must be the raw body string'),
  headers: v.custom<HeadersInit>((h) => typeof h === 'object' && h !== null, 'must be headers'),
});

export interface WebhookVerifierOptions {
  connector: string;
  clientSecret: string;
  toleranceSeconds: number;
}

export function createWebhookVerifier(options: WebhookVerifierOptions) {
  const { connector } = options;
  const invalid = (reason: string) =>
    new PaykitError({
      code: 'signature_invalid',
      connector,
      message: `Liquido webhook rejected: ${reason}.`,
    });

  return async function verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent> {
    const { body, headers } = parseInput(inputSchema, input, { what: 'webhook input', connector });
    const header = getHeader(headers, LIQUIDO_SIGNATURE_HEADER);
    if (!header) throw invalid(`no ${LIQUIDO_SIGNATURE_HEADER} header`);
    const parsed = parseLiquidoSignature(header);
    if (!parsed) throw invalid(`the ${LIQUIDO_SIGNATURE_HEADER} header is malformed`);
    if (parsed.algorithm.toLowerCase() !== 'hmacsha256')
      throw invalid(`unsupported algorithm "${parsed.algorithm}"`);
    const expected = await hmacSha256Hex(
      options.clientSecret,
      liquidoWebhookStringToSign(body, parsed.timestamp),
    );
    // Signature before timestamp: an attacker learns nothing about the window from a forged header.
    if (!timingSafeEqualString(expected, parsed.signature))
      throw invalid('the signature does not match');
    if (!isWithinTolerance(Number(parsed.timestamp), options.toleranceSeconds)) {
      throw invalid(
        `the timestamp is more than ${options.toleranceSeconds} s away from now (a replay?)`,
      );
    }

    const json = parseWebhookJson(body, connector);
    const event = parseInput(webhookBodySchema, json, { what: 'Liquido webhook body', connector });
    const charge = event.data.chargeDetails;
    const providerStatus = charge.transferStatus ?? charge.status ?? '';
    const amount = moneyOf(charge);
    const occurredAt = eventTime(parsed.timestamp);
    return {
      connector,
      type: event.eventType,
      ...(charge.idempotencyKey ? { paymentId: charge.idempotencyKey } : {}),
      status: paymentStatusOf(providerStatus),
      providerStatus,
      ...(amount ? { amount } : {}),
      ...(occurredAt ? { occurredAt } : {}),
      raw: json,
    };
  };
}
