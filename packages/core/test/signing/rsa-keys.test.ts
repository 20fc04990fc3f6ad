import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { PaykitError } from '../../src/errors/index.js';
import { createRsaSigner, createRsaVerifier } from '../../src/signing/index.js';
import { keys } from './fixtures.js';

const [pair] = keys();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const encrypted = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' },
  publicKeyEncoding: { format: 'pem', type: 'spki' },
}).privateKey;
const legacyEncrypted = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { format: 'pem', type: 'pkcs1', cipher: 'aes-256-cbc', passphrase: 'pw' },
  publicKeyEncoding: { format: 'pem', type: 'spki' },
}).privateKey;
const pkcs8Body = pair.pkcs8Pem.split('\n').slice(1, -2).join('');

/** Asserts a configuration_error that names the formats and never leaks the key. */
function expectKeyError(error: unknown, input: string, which: 'private' | 'public') {
  expect(PaykitError.isInstance(error)).toBe(true);
  const e = error as PaykitError;
  expect(e.code).toBe('configuration_error');
  expect(e.message).toContain(`Invalid RSA ${which} key`);
  expect(e.message).toContain(which === 'private' ? 'BEGIN PRIVATE KEY' : 'BEGIN PUBLIC KEY');
  expect(e.message).toContain(which === 'private' ? 'PKCS#8' : 'SPKI');
  // The error never carries key material: check the whole input and any 16-char slice of it.
  const exposed = [e.message, e.stack ?? '', JSON.stringify(e), String(e)].join('\n');
  const needles = input.trim() === '' ? [] : [input.trim()];
  const compact = input.replace(/-----[A-Z ]+-----|\s/g, '');
  for (let i = 0; i + 16 <= compact.length; i += 8) needles.push(compact.slice(i, i + 16));
  for (const needle of needles) expect(exposed).not.toContain(needle);
}

function syncError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a synchronous throw');
}

const badPrivate: Record<string, string> = {
  empty: '',
  whitespace: '  \n ',
  'not a key': 'not a key',
  'truncated PEM (no END line)': pair.pkcs8Pem.slice(0, 900),
  'truncated PEM body inside intact armour': `-----BEGIN PRIVATE KEY-----\n${pkcs8Body.slice(0, 600)}\n-----END PRIVATE KEY-----\n`,
  'truncated bare base64': pair.pkcs8Base64.slice(0, 800),
  'SPKI public key PEM': pair.spkiPem,
  'SPKI public key base64': pair.spkiBase64,
  'PKCS#1 public key PEM': pair.pkcs1PublicPem,
  'random base64': randomBytes(600).toString('base64'),
  'random base64 behind a SEQUENCE header': Buffer.concat([
    Buffer.from([0x30, 0x82, 0x04, 0xbd]),
    randomBytes(1213),
  ]).toString('base64'),
  'EC private key': ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  'encrypted PKCS#8': encrypted,
  'encrypted PKCS#1 (Proc-Type header)': legacyEncrypted,
  certificate: pair.spkiPem.replace(/PUBLIC KEY/g, 'CERTIFICATE'),
};

const badPublic: Record<string, string> = {
  empty: '',
  'not a key': 'not a key',
  'truncated PEM': pair.spkiPem.slice(0, 200),
  'private key PEM': pair.pkcs8Pem,
  'private key PKCS#1 PEM': pair.pkcs1Pem,
  'private key base64': pair.pkcs8Base64,
  'random base64': randomBytes(294).toString('base64'),
  'EC public key': ec.publicKey.export({ format: 'pem', type: 'spki' }) as string,
};

describe('bad private keys', () => {
  it.each(Object.entries(badPrivate))('%s → configuration_error, synchronously', (_, input) => {
    expectKeyError(
      syncError(() => createRsaSigner(input)),
      input,
      'private',
    );
  });

  it('says which mistake was made without echoing the key', () => {
    const message = (input: string) => (syncError(() => createRsaSigner(input)) as Error).message;
    expect(message(pair.spkiPem)).toContain('a public key was given');
    expect(message(badPrivate['EC private key']!)).toContain('not an RSA key');
    expect(message(encrypted)).toContain('encrypted');
    expect(message('')).toContain('empty');
  });

  it('rejects non-string input', () => {
    const error = syncError(() => createRsaSigner(undefined as unknown as string));
    expect(PaykitError.isInstance(error) && error.code).toBe('configuration_error');
  });

  it('turns a Web Crypto import failure into configuration_error from sign()', async () => {
    const importKey = vi
      .spyOn(globalThis.crypto.subtle, 'importKey')
      .mockRejectedValue(new DOMException(`bad key ${pkcs8Body}`, 'DataError'));
    try {
      const signer = createRsaSigner(pair.pkcs8Pem);
      const error = await signer.sign('x').catch((e: unknown) => e);
      expectKeyError(error, pair.pkcs8Pem, 'private');
      expect((error as Error).message).toContain('could not import');
      await expect(signer.sign('y')).rejects.toBe(error);
      expect(importKey).toHaveBeenCalledTimes(1);
    } finally {
      importKey.mockRestore();
    }
  });
});

describe('bad public keys', () => {
  it.each(Object.entries(badPublic))('%s → configuration_error, synchronously', (_, input) => {
    expectKeyError(
      syncError(() => createRsaVerifier(input)),
      input,
      'public',
    );
  });

  it('turns a Web Crypto import failure into configuration_error from verify()', async () => {
    const importKey = vi
      .spyOn(globalThis.crypto.subtle, 'importKey')
      .mockRejectedValue(new Error('x'));
    try {
      const error = await createRsaVerifier(pair.spkiPem)
        .verify('x', 'AAAA')
        .catch((e: unknown) => e);
      expectKeyError(error, pair.spkiPem, 'public');
    } finally {
      importKey.mockRestore();
    }
  });
});
