import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

// The simulator signs and verifies with node:crypto, not with core's Web Crypto code, so that the
// tests cross-check the connector's signatures against an independent implementation.

export interface PayerMaxTestKeys {
  /** The merchant's private key as the dashboard gives it: bare base64 PKCS#8 DER. */
  merchantPrivateKey: string;
  /** The merchant's public key, bare base64 SPKI DER (what the simulator verifies requests with). */
  merchantPublicKey: string;
  /** PayerMax's private key, bare base64 PKCS#8 DER (what the simulator signs answers with). */
  payermaxPrivateKey: string;
  /** PayerMax's public key, bare base64 SPKI DER: the connector's `payermaxPublicKey`. */
  payermaxPublicKey: string;
}

/** One RSA 2048 key pair as bare base64 DER: PKCS#8 private, SPKI public. */
export function generateRsaKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** A throwaway merchant key pair and PayerMax key pair (RSA 2048), for tests and the playground. */
export function generatePayerMaxTestKeys(): PayerMaxTestKeys {
  const merchant = generateRsaKeyPair();
  const payermax = generateRsaKeyPair();
  return {
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    payermaxPrivateKey: payermax.privateKey,
    payermaxPublicKey: payermax.publicKey,
  };
}

const isPem = (key: string) => key.includes('-----BEGIN');
const der = (key: string) => Buffer.from(key.replace(/\s+/g, ''), 'base64');

/** A public key from PEM (SPKI or PKCS#1) or bare base64 SPKI / PKCS#1 DER. */
export function loadPublicKey(key: string): KeyObject {
  if (isPem(key)) return createPublicKey(key);
  try {
    return createPublicKey({ key: der(key), format: 'der', type: 'spki' });
  } catch {
    return createPublicKey({ key: der(key), format: 'der', type: 'pkcs1' });
  }
}

/** A private key from PEM (PKCS#8 or PKCS#1) or bare base64 PKCS#8 / PKCS#1 DER. */
export function loadPrivateKey(key: string): KeyObject {
  if (isPem(key)) return createPrivateKey(key);
  try {
    return createPrivateKey({ key: der(key), format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der(key), format: 'der', type: 'pkcs1' });
  }
}

/** SHA256withRSA (PKCS#1 v1.5) over the UTF-8 bytes of `text`, standard base64. */
export function signText(key: KeyObject, text: string): string {
  return sign('sha256', Buffer.from(text, 'utf8'), key).toString('base64');
}

export function verifyText(key: KeyObject, text: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
