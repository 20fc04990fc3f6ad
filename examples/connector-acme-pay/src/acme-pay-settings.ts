import type { CommonSettings } from '@paykit/core';
import { commonSettingsSchema } from '@paykit/core/connector';
import * as v from 'valibot';

export interface AcmePaySettings extends CommonSettings {
  /** Sent as a bearer token on every request. */
  apiKey: string;
  /** Signs every request body, and every webhook Acme Pay sends (HMAC-SHA256). */
  signingSecret: string;
  /** How far a webhook's timestamp may be from now, in seconds. Default 300. */
  webhookToleranceSeconds?: number;
}

export const ACME_PAY_ID = 'acme-pay';
export const ACME_PAY_DISPLAY_NAME = 'Acme Pay';

export const ACME_PAY_BASE_URLS = {
  sandbox: 'https://sandbox.acme-pay.example',
  production: 'https://api.acme-pay.example',
} as const;

// Custom messages: valibot's defaults quote the received value, which here is a credential.
export const settingsSchema = v.object({
  ...commonSettingsSchema.entries,
  apiKey: v.pipe(v.string('must be a string'), v.minLength(8, 'must be at least 8 characters')),
  signingSecret: v.pipe(
    v.string('must be a string'),
    v.minLength(16, 'must be at least 16 characters'),
  ),
  webhookToleranceSeconds: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.integer('must be an integer'),
      v.minValue(1),
      v.maxValue(86_400),
    ),
    300,
  ),
});

export type ParsedSettings = v.InferOutput<typeof settingsSchema>;
