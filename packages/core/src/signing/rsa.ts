import { base64ToBytes, bytesToBase64, utf8Bytes } from './encoding.js';
import { forgeRsaSigner, forgeRsaVerifier } from './forge-fallback.js';
import { keyError, parseRsaPrivateKey, parseRsaPublicKey } from './rsa-keys.js';
import { getSubtle } from './subtle.js';
import type { RsaEngineOptions, RsaSigner, RsaVerifier } from './types.js';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/**
 * Imports the key on first use and caches the promise: creating a signer stays synchronous, and the
 * import cost is paid once. The DER is dropped after import so only the non-extractable key remains.
 */
function lazyKey(
  subtle: SubtleCrypto,
  which: 'private' | 'public',
  der: Uint8Array<ArrayBuffer>,
): () => Promise<CryptoKey> {
  let pending: Uint8Array<ArrayBuffer> | undefined = der;
  let key: Promise<CryptoKey> | undefined;
  const format = which === 'private' ? 'pkcs8' : 'spki';
  const usage = which === 'private' ? 'sign' : 'verify';
  return () =>
    (key ??= Promise.resolve()
      .then(() => subtle.importKey(format, pending!, ALGORITHM, false, [usage]))
      .then(
        (imported) => {
          pending = undefined;
          return imported;
        },
        () => {
          throw keyError(which, 'Web Crypto could not import it');
        },
      ));
}

/**
 * An RSASSA-PKCS1-v1_5 / SHA-256 signer. Accepts PEM PKCS#8, PEM PKCS#1, or the bare base64 of a
 * PKCS#8 DER key; throws `configuration_error` at once for a key that cannot be one of those.
 */
export function createRsaSigner(privateKey: string, options?: RsaEngineOptions): RsaSigner {
  const pkcs8 = parseRsaPrivateKey(privateKey);
  const subtle = options?.engine === 'forge' ? undefined : getSubtle();
  if (!subtle) return forgeRsaSigner(pkcs8);
  const getKey = lazyKey(subtle, 'private', pkcs8);
  return {
    async sign(data) {
      const signature = await subtle.sign(ALGORITHM.name, await getKey(), utf8Bytes(data));
      return bytesToBase64(new Uint8Array(signature));
    },
  };
}

/** What is verified: a string's UTF-8 bytes, or the bytes themselves. */
function bytesOf(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return utf8Bytes(data);
  // Web Crypto takes a view of an ArrayBuffer; a view of anything else is copied into one.
  return data.buffer instanceof ArrayBuffer
    ? (data as Uint8Array<ArrayBuffer>)
    : new Uint8Array(data);
}

/**
 * An RSASSA-PKCS1-v1_5 / SHA-256 verifier. Accepts PEM SPKI, PEM PKCS#1, or the bare base64 of an
 * SPKI DER key; throws `configuration_error` at once for a key that cannot be one of those.
 */
export function createRsaVerifier(publicKey: string, options?: RsaEngineOptions): RsaVerifier {
  const spki = parseRsaPublicKey(publicKey);
  const subtle = options?.engine === 'forge' ? undefined : getSubtle();
  if (!subtle) return forgeRsaVerifier(spki);
  const getKey = lazyKey(subtle, 'public', spki);
  return {
    async verify(data, signatureBase64) {
      // A key that cannot be imported is a configuration error, not a bad signature: let it throw.
      const key = await getKey();
      try {
        const signature = base64ToBytes(signatureBase64);
        return await subtle.verify(ALGORITHM.name, key, signature, bytesOf(data));
      } catch {
        return false;
      }
    },
  };
}
