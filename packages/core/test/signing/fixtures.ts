import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface KeyFixture {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pkcs8Pem: string;
  pkcs1Pem: string;
  pkcs8Base64: string;
  pkcs1Base64: string;
  spkiPem: string;
  pkcs1PublicPem: string;
  spkiBase64: string;
}

function fixture(): KeyFixture {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'spki') =>
    key.export({ format: 'der', type } as never).toString('base64');
  return {
    privateKey,
    publicKey,
    pkcs8Pem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    pkcs1Pem: privateKey.export({ format: 'pem', type: 'pkcs1' }) as string,
    pkcs8Base64: der(privateKey, 'pkcs8'),
    pkcs1Base64: der(privateKey, 'pkcs1'),
    spkiPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
    pkcs1PublicPem: publicKey.export({ format: 'pem', type: 'pkcs1' }) as string,
    spkiBase64: der(publicKey, 'spki'),
  };
}

let cached: [KeyFixture, KeyFixture] | undefined;

/** Two 2048-bit key pairs, generated once per test file. */
export function keys(): [KeyFixture, KeyFixture] {
  cached ??= [fixture(), fixture()];
  return cached;
}

/** Wraps base64 at 64 columns, as dashboards and PEM bodies do. */
export function wrap64(base64: string, eol = '\n'): string {
  return base64.match(/.{1,64}/g)!.join(eol);
}
