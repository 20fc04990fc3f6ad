import { utf8Bytes } from './encoding.js';

/** The part of `node:crypto` the HMAC signer uses. */
interface NativeCrypto {
  createSecretKey(key: Uint8Array): unknown;
  createHmac(
    algorithm: 'sha256',
    key: unknown,
  ): { update(data: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } };
}

// A known HMAC-SHA256 vector, checked against a runtime's node:crypto before it signs anything.
const PROBE = {
  key: utf8Bytes('key'),
  message: 'The quick brown fox jumps over the lazy dog',
  mac: 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
};

function loadNativeCrypto(): NativeCrypto | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const native = process?.getBuiltinModule?.('node:crypto') as Partial<NativeCrypto> | undefined;
  if (typeof native?.createHmac !== 'function' || typeof native.createSecretKey !== 'function')
    return undefined;
  const crypto = native as NativeCrypto;
  const probe = crypto
    .createHmac('sha256', crypto.createSecretKey(PROBE.key))
    .update(PROBE.message, 'utf8')
    .digest('hex');
  return probe === PROBE.mac ? crypto : undefined;
}

/**
 * An HMAC-SHA256 hex signer on the runtime's own `node:crypto` where it has one (Node, Bun, Deno,
 * workerd with nodejs_compat), else undefined and Web Crypto signs. Reached through
 * `process.getBuiltinModule`, so that no browser or worker bundle pulls Node's crypto in. Why:
 * Web Crypto runs each HMAC as a job in the thread pool, about ten times the CPU of hashing a
 * request's few hundred bytes (docs/performance.md).
 */
export function nativeHmacSha256(key: Uint8Array): ((message: string) => string) | undefined {
  try {
    const crypto = loadNativeCrypto();
    if (!crypto) return undefined;
    const secret = crypto.createSecretKey(key);
    return (message) => crypto.createHmac('sha256', secret).update(message, 'utf8').digest('hex');
  } catch {
    // A partial node:crypto shim: Web Crypto signs instead.
    return undefined;
  }
}
