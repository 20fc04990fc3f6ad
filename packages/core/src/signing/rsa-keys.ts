import { PaykitError } from '../errors/index.js';
import { encodeTlv, readChildren, readWhole, TAG, type Tlv } from './der.js';
import { base64ToBytes } from './encoding.js';

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }, DER-encoded.
const RSA_ALGORITHM = new Uint8Array([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]);
const RSA_OID = RSA_ALGORITHM.subarray(4, 13);

const PRIVATE_FORMATS =
  'Expected a PEM PKCS#8 key ("-----BEGIN PRIVATE KEY-----"), a PEM PKCS#1 key ' +
  '("-----BEGIN RSA PRIVATE KEY-----"), or the bare base64 of a PKCS#8 DER key.';
const PUBLIC_FORMATS =
  'Expected a PEM SPKI key ("-----BEGIN PUBLIC KEY-----"), a PEM PKCS#1 key ' +
  '("-----BEGIN RSA PUBLIC KEY-----"), or the bare base64 of an SPKI DER key.';

type KeyShape = 'pkcs8' | 'pkcs1-private' | 'spki' | 'pkcs1-public' | 'encrypted' | 'not-rsa';

/**
 * The error for an unusable key. Reasons are fixed text: nothing derived from the input (which is
 * secret for private keys) ever reaches the message.
 */
export function keyError(which: 'private' | 'public', reason: string): PaykitError {
  const formats = which === 'private' ? PRIVATE_FORMATS : PUBLIC_FORMATS;
  return new PaykitError({
    code: 'configuration_error',
    message: `Invalid RSA ${which} key: ${reason}. ${formats}`,
  });
}

function sameBytes(bytes: Uint8Array, tlv: Tlv, expected: Uint8Array): boolean {
  if (tlv.end - tlv.start !== expected.length) return false;
  return expected.every((byte, i) => bytes[tlv.start + i] === byte);
}

function isRsaAlgorithm(der: Uint8Array, algorithm: Tlv): boolean {
  const oid = readChildren(der, algorithm)?.[0];
  return oid?.tag === TAG.oid && sameBytes(der, oid, RSA_OID);
}

function allIntegers(der: Uint8Array, count: number): boolean {
  const top = readWhole(der, TAG.sequence);
  const fields = top && readChildren(der, top);
  return (
    !!fields && fields.length >= count && fields.slice(0, count).every((f) => f.tag === TAG.integer)
  );
}

/** Recognises the RSA key containers by their ASN.1 layout, including the wrapped PKCS#1 key. */
function shapeOf(der: Uint8Array): KeyShape | undefined {
  const top = readWhole(der, TAG.sequence);
  const fields = top && readChildren(der, top);
  if (!fields) return undefined;
  const [a, b, c] = fields;
  // PrivateKeyInfo { version, AlgorithmIdentifier, OCTET STRING(RSAPrivateKey) }
  if (a?.tag === TAG.integer && b?.tag === TAG.sequence && c?.tag === TAG.octetString) {
    if (!isRsaAlgorithm(der, b)) return 'not-rsa';
    return allIntegers(der.subarray(c.start, c.end), 9) ? 'pkcs8' : undefined;
  }
  // SubjectPublicKeyInfo { AlgorithmIdentifier, BIT STRING(0 unused bits, RSAPublicKey) }
  if (fields.length === 2 && a?.tag === TAG.sequence && b?.tag === TAG.bitString) {
    if (!isRsaAlgorithm(der, a)) return 'not-rsa';
    const ok = der[b.start] === 0 && allIntegers(der.subarray(b.start + 1, b.end), 2);
    return ok ? 'spki' : undefined;
  }
  // EncryptedPrivateKeyInfo { AlgorithmIdentifier, OCTET STRING }
  if (fields.length === 2 && a?.tag === TAG.sequence && b?.tag === TAG.octetString)
    return 'encrypted';
  if (fields.length === 2 && allIntegers(der, 2)) return 'pkcs1-public';
  if (fields.length >= 9 && allIntegers(der, 9)) return 'pkcs1-private';
  return undefined;
}

interface Decoded {
  label?: string;
  der: Uint8Array<ArrayBuffer>;
}

function decode(input: unknown, which: 'private' | 'public'): Decoded {
  if (typeof input !== 'string') throw keyError(which, 'it is not a string');
  // Keys pasted into .env files often arrive with literal "\n" sequences instead of line breaks.
  const text = input.replace(/\\r|\\n/g, '\n').trim();
  if (text === '') throw keyError(which, 'it is empty');
  let label: string | undefined;
  let body = text;
  if (text.includes('-----BEGIN')) {
    const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
    if (!pem) throw keyError(which, 'the PEM armour is malformed or truncated');
    label = pem[1];
    body = pem[2] ?? '';
    // PEM headers only appear on legacy encrypted keys ("Proc-Type: 4,ENCRYPTED").
    if (body.includes(':')) throw keyError(which, 'encrypted PEM keys are not supported');
  }
  try {
    return label === undefined ? { der: base64ToBytes(body) } : { label, der: base64ToBytes(body) };
  } catch {
    throw keyError(which, 'it is not valid base64');
  }
}

function wrapPkcs1Private(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const version = new Uint8Array([TAG.integer, 0x01, 0x00]);
  return encodeTlv(TAG.sequence, version, RSA_ALGORITHM, encodeTlv(TAG.octetString, pkcs1));
}

function wrapPkcs1Public(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const bits = encodeTlv(TAG.bitString, new Uint8Array([0]), pkcs1);
  return encodeTlv(TAG.sequence, RSA_ALGORITHM, bits);
}

/**
 * Parses a private key (PEM PKCS#8, PEM PKCS#1, or bare base64 DER of either) into PKCS#8 DER,
 * synchronously, so that a bad key fails when the signer is created. Throws `configuration_error`.
 */
export function parseRsaPrivateKey(input: string): Uint8Array<ArrayBuffer> {
  const { label, der } = decode(input, 'private');
  const shape = shapeOf(der);
  if (label === 'ENCRYPTED PRIVATE KEY' || shape === 'encrypted') {
    throw keyError('private', 'encrypted private keys are not supported');
  }
  if (shape === 'spki' || shape === 'pkcs1-public' || label?.includes('PUBLIC')) {
    throw keyError('private', 'a public key was given where a private key is expected');
  }
  if (label !== undefined && label !== 'PRIVATE KEY' && label !== 'RSA PRIVATE KEY') {
    throw keyError('private', 'its PEM type is not supported');
  }
  if (shape === 'not-rsa') throw keyError('private', 'it is not an RSA key');
  if (!shape) throw keyError('private', 'its contents are not an RSA private key');
  return shape === 'pkcs1-private' ? wrapPkcs1Private(der) : der;
}

/**
 * Parses a public key (PEM SPKI, PEM PKCS#1, or bare base64 DER of either) into SPKI DER,
 * synchronously. Throws `configuration_error`.
 */
export function parseRsaPublicKey(input: string): Uint8Array<ArrayBuffer> {
  const { label, der } = decode(input, 'public');
  const shape = shapeOf(der);
  if (
    shape === 'pkcs8' ||
    shape === 'pkcs1-private' ||
    shape === 'encrypted' ||
    label?.includes('PRIVATE')
  ) {
    // Also stops a private key from being logged or shipped where only a public key belongs.
    throw keyError('public', 'a private key was given where a public key is expected');
  }
  if (label !== undefined && label !== 'PUBLIC KEY' && label !== 'RSA PUBLIC KEY') {
    throw keyError('public', 'its PEM type is not supported');
  }
  if (shape === 'not-rsa') throw keyError('public', 'it is not an RSA key');
  if (!shape) throw keyError('public', 'its contents are not an RSA public key');
  return shape === 'pkcs1-public' ? wrapPkcs1Public(der) : der;
}
