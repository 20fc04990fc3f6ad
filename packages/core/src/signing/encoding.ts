import { PaykitError } from '../errors/index.js';

// Plain atob/btoa and TextEncoder instead of Buffer, so the package runs in browsers and edge runtimes.

const utf8Encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// btoa/fromCharCode take arguments on the stack; chunking keeps large inputs below engine limits.
const CHUNK = 0x8000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

/** Standard base64 (RFC 4648 §4) with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * Decodes standard base64; whitespace (line breaks in pasted keys) is ignored and padding is optional.
 * Throws `invalid_request` for anything else; the message never echoes the input, which may be a key.
 */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const compact = base64.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw new PaykitError({ code: 'invalid_request', message: 'Invalid base64 input.' });
  }
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Lowercase hex. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}
