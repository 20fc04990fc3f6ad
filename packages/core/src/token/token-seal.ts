/*
 * Tokens are sealed before they leave the process: a store (Redis) only ever holds ciphertext
 * that the processes sharing the credential can open.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function sealKey(secret: string, key: string): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
    'deriveKey',
  ]);
  return subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('paykit/token-store/v1'),
      info: encoder.encode(key),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals a token with AES-256-GCM under a key derived (HKDF-SHA-256) from `secret` and `key`. */
export async function sealToken(secret: string, key: string, plain: string): Promise<string> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(key) },
    await sealKey(secret, key),
    encoder.encode(plain),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** Opens a sealed token; undefined when it was sealed with another secret or tampered with. */
export async function openToken(
  secret: string,
  key: string,
  sealed: string,
): Promise<string | undefined> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) return undefined;
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(iv), additionalData: encoder.encode(key) },
      await sealKey(secret, key),
      fromBase64(data),
    );
    return decoder.decode(plain);
  } catch {
    return undefined;
  }
}
