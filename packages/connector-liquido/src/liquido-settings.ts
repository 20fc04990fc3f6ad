import type { CommonSettings, TokenStore } from '@paykit/core';
import { commonSettingsSchema } from '@paykit/core/connector';
import * as v from 'valibot';

export interface LiquidoSettings extends CommonSettings {
  /** OAuth2 client id from Liquido's dashboard. */
  clientId: string;
  /** OAuth2 client secret; also the key of webhook signatures. */
  clientSecret: string;
  /** Sent as `x-api-key` on every API call. */
  apiKey: string;
  /** The token endpoint; default: the environment's, or `${baseUrl}/oauth2/token` when `baseUrl` is given. */
  authUrl?: string;
  /** How far a webhook's `Liquido-Signature` timestamp may be from now, in seconds. Default 300. */
  webhookToleranceSeconds?: number;
  /**
   * Shares the access token with every process that uses the same store and credentials (for
   * example `createRedisTokenStore` from `@paykit/queue/redis`): one token request per expiry
   * window for all of them. Stored sealed (AES-GCM, a key derived from clientSecret and apiKey).
   * Default: this process's own cache.
   */
  tokenStore?: TokenStore;
}

export const LIQUIDO_ID = 'liquido';
export const LIQUIDO_DISPLAY_NAME = 'Liquido';

export const LIQUIDO_URLS = {
  sandbox: { api: 'https://api-qa.liquido.com', auth: 'https://auth-dev.liquido.com/oauth2/token' },
  production: { api: 'https://api.liquido.com', auth: 'https://authsg.liquido.com/oauth2/token' },
} as const;

// Custom messages: valibot's defaults quote the received value, which here is a credential.
const credential = v.pipe(
  v.string('must be a non-empty string'),
  v.nonEmpty('must be a non-empty string'),
);

export const liquidoSettingsSchema = v.object({
  ...commonSettingsSchema.entries,
  clientId: credential,
  clientSecret: credential,
  apiKey: credential,
  authUrl: v.optional(
    v.pipe(v.string('must be an absolute URL'), v.url('must be an absolute URL')),
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
  tokenStore: v.optional(
    v.custom<TokenStore>(
      (store) =>
        typeof store === 'object' &&
        store !== null &&
        ['get', 'set', 'delete', 'lock'].every(
          (name) => typeof (store as Record<string, unknown>)[name] === 'function',
        ),
      'must be a token store (get, set, delete and lock)',
    ),
  ),
});
export type ParsedLiquidoSettings = v.InferOutput<typeof liquidoSettingsSchema>;

/** `baseUrl` without `authUrl` means a simulator or proxy that serves both (the simulator does). */
export function resolveAuthUrl(settings: ParsedLiquidoSettings): string {
  if (settings.authUrl) return settings.authUrl;
  if (settings.baseUrl) return `${settings.baseUrl.replace(/\/+$/, '')}/oauth2/token`;
  return LIQUIDO_URLS[settings.environment].auth;
}
