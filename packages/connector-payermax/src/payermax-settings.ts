import { type CommonSettings, PaykitError } from '@paykit/core';
import {
  commonSettingsSchema,
  createRsaSigner,
  createRsaVerifier,
  parseSettings,
  type RsaSigner,
  type RsaVerifier,
} from '@paykit/core/connector';
import * as v from 'valibot';
import { field, LIMITS } from './payermax-api.js';

export const PAYERMAX_ID = 'payermax';
export const PAYERMAX_DISPLAY_NAME = 'PayerMax';

export const PAYERMAX_BASE_URLS = {
  sandbox: 'https://pay-gate-uat.payermax.com/aggregate-pay/api/gateway',
  production: 'https://pay-gate.payermax.com/aggregate-pay/api/gateway',
} as const;

/** PayerMax keeps a requestTime valid for two minutes; a retry later than this is re-dated and re-signed. */
export const DEFAULT_REFRESH_AFTER_MS = 90_000;

export interface PayerMaxSettings extends CommonSettings {
  /** The app id PayerMax assigned (dashboard), at most 64 characters. */
  appId: string;
  /** The merchant number, at most 32 characters; sent when given. */
  merchantNo?: string;
  /**
   * The merchant's RSA private key: the bare base64 PKCS#8 DER the dashboard hands out, a PEM
   * PKCS#8 key or a PEM PKCS#1 (`BEGIN RSA PRIVATE KEY`) key.
   */
  privateKey: string;
  /** PayerMax's RSA public key: bare base64 SPKI DER or PEM SPKI. */
  payermaxPublicKey: string;
  /** Check the `sign` header of every answer (default true). */
  verifyResponses?: boolean;
}

const isFunction = (f: unknown) => typeof f === 'function';

const settingsSchema = v.object({
  ...commonSettingsSchema.entries,
  appId: field(LIMITS.appId),
  merchantNo: v.optional(field(LIMITS.merchantNo)),
  privateKey: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
  payermaxPublicKey: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
  verifyResponses: v.optional(v.boolean('must be a boolean'), true),
  // Undocumented, for tests: the clock behind requestTime, and when a retry gets re-signed.
  now: v.optional(v.custom<() => number>(isFunction, 'must be a function')),
  refreshAfterMs: v.optional(v.pipe(v.number(), v.minValue(0)), DEFAULT_REFRESH_AFTER_MS),
});

export type ParsedSettings = v.InferOutput<typeof settingsSchema>;

export interface ResolvedSettings extends ParsedSettings {
  signer: RsaSigner;
  verifier: RsaVerifier;
}

/** Validates settings and imports both keys; any problem is a configuration_error now. */
export function resolveSettings(settings: PayerMaxSettings): ResolvedSettings {
  const candidate = settings as Partial<PayerMaxSettings> | undefined;
  const parsed = parseSettings(settingsSchema, settings, {
    what: 'PayerMax settings',
    connector: PAYERMAX_ID,
    secrets: [candidate?.privateKey],
  });
  return {
    ...parsed,
    signer: withKeyContext('privateKey', () => createRsaSigner(parsed.privateKey)),
    verifier: withKeyContext('payermaxPublicKey', () =>
      createRsaVerifier(parsed.payermaxPublicKey),
    ),
  };
}

// Core's key errors are fixed text (never the key); this only says which setting was wrong.
function withKeyContext<T>(setting: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    const reason = PaykitError.isInstance(error) ? error.message : 'the key could not be read.';
    throw new PaykitError({
      code: 'configuration_error',
      connector: PAYERMAX_ID,
      message: `Invalid PayerMax setting ${setting}: ${reason}`,
    });
  }
}
