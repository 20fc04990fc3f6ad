import { PaykitError } from '../errors/index.js';
import { bytesToHex, utf8Bytes } from './encoding.js';
import { getSubtle } from './subtle.js';

const ALGORITHM = { name: 'HMAC', hash: 'SHA-256' } as const;

/** HMAC-SHA256 of the UTF-8 message under the UTF-8 key, as lowercase hex. */
export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  // Web Crypto rejects zero-length HMAC keys, and an empty secret is always a misconfiguration.
  if (key === '') {
    throw new PaykitError({ code: 'configuration_error', message: 'The HMAC key is empty.' });
  }
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
  const cryptoKey = await subtle.importKey('raw', utf8Bytes(key), ALGORITHM, false, ['sign']);
  const mac = await subtle.sign(ALGORITHM.name, cryptoKey, utf8Bytes(message));
  return bytesToHex(new Uint8Array(mac));
}
