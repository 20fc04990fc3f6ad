export { canonicalString, flattenForSigning } from './canonical.js';
export { timingSafeEqualString } from './constant-time.js';
export { base64ToBytes, bytesToBase64, bytesToHex } from './encoding.js';
export { createHmacSha256Signer, hmacSha256Hex } from './hmac.js';
export { createRsaSigner, createRsaVerifier } from './rsa.js';
export type { RsaSigner, RsaVerifier } from './types.js';
