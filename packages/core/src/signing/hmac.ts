import { PaykitError } from '../errors/index.js';
import { bytesToHex, utf8Bytes } from './encoding.js';
import { nativeHmacSha256 } from './native-hmac.js';
import { getSubtle } from './subtle.js';

const ALGORITHM = { name: 'HMAC', hash: 'SHA-256' } as const;

function requireSubtle(): SubtleCrypto {
  // No pure-JS fallback here: it would pull node-forge into the bundles of HMAC-only connectors,
  // and every runtime paykit supports (Node 20+, browsers, edge) has Web Crypto.
  const subtle = getSubtle();
  if (!subtle) {
    throw new PaykitError({
      code: 'configuration_error',
      message:
        'HMAC signing needs Web Crypto (globalThis.crypto.subtle), which this runtime lacks.',
    });
  }
  return subtle;
}

/**
 * An HMAC-SHA256 signer (lowercase hex) for one key, imported once: a connector signs every
 * request with the same key, so the import is not paid per call. The runtime's `node:crypto`
 * signs where it has one, Web Crypto elsewhere (browsers, workers without nodejs_compat).
 */
export function createHmacSha256Signer(key: string): (message: string) => Promise<string> {
  // Web Crypto rejects zero-length HMAC keys, and an empty secret is always a misconfiguration.
  if (key === '') {
    throw new PaykitError({ code: 'configuration_error', message: 'The HMAC key is empty.' });
  }
  const native = nativeHmacSha256(utf8Bytes(key));
  if (native) return async (message) => native(message);
  let cryptoKey: Promise<CryptoKey> | undefined;
  return async (message) => {
    const subtle = requireSubtle();
    cryptoKey ??= subtle.importKey('raw', utf8Bytes(key), ALGORITHM, false, ['sign']);
    const mac = await subtle.sign(ALGORITHM.name, await cryptoKey, utf8Bytes(message));
    return bytesToHex(new Uint8Array(mac));
  };
}

/** HMAC-SHA256 of the UTF-8 message under the UTF-8 key, as lowercase hex. */
export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  return createHmacSha256Signer(key)(message);
}
