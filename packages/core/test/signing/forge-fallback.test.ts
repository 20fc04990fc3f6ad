import { sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PaykitError } from '../../src/errors/index.js';
import { createRsaSigner, createRsaVerifier } from '../../src/signing/index.js';
import { keys } from './fixtures.js';

const [pair, other] = keys();
const data = '{"amount":"10.00","city":"São Paulo ✓"}';
const nodeSignature = nodeSign('sha256', Buffer.from(data), pair.privateKey).toString('base64');

describe('node-forge fallback', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.doUnmock('node-forge');
    vi.resetModules();
  });

  it.each([
    ['PKCS#8 PEM', pair.pkcs8Pem],
    ['PKCS#1 PEM', pair.pkcs1Pem],
    ['bare base64 PKCS#8', pair.pkcs8Base64],
  ])('signs with a %s key, matching node:crypto byte for byte', async (_, key) => {
    const signature = await createRsaSigner(key, { engine: 'forge' }).sign(data);
    expect(
      nodeVerify('sha256', Buffer.from(data), pair.publicKey, Buffer.from(signature, 'base64')),
    ).toBe(true);
    expect(signature).toBe(nodeSignature);
  });

  it('verifies, and returns false for bad signatures', async () => {
    const verifier = createRsaVerifier(pair.spkiPem, { engine: 'forge' });
    expect(await verifier.verify(data, nodeSignature)).toBe(true);
    expect(
      await createRsaVerifier(pair.pkcs1PublicPem, { engine: 'forge' }).verify(data, nodeSignature),
    ).toBe(true);
    expect(await verifier.verify(`${data}x`, nodeSignature)).toBe(false);
    expect(
      await createRsaVerifier(other.spkiBase64, { engine: 'forge' }).verify(data, nodeSignature),
    ).toBe(false);
    for (const garbage of ['', '!!!', 'AAAA', nodeSignature.slice(4)]) {
      expect(await verifier.verify(data, garbage)).toBe(false);
    }
  });

  it('is chosen automatically when globalThis.crypto.subtle is missing', async () => {
    vi.stubGlobal('crypto', {});
    const signer = createRsaSigner(pair.pkcs8Pem);
    const signature = await signer.sign(data);
    expect(signature).toBe(nodeSignature);
    expect(await createRsaVerifier(pair.spkiPem).verify(data, signature)).toBe(true);
  });

  it('asks for node-forge when it is needed but not installed', async () => {
    vi.resetModules();
    vi.doMock('node-forge', () => {
      throw new Error("Cannot find package 'node-forge'");
    });
    const signing = await import('../../src/signing/index.js');
    const errors = await import('../../src/errors/index.js');
    const error = await signing
      .createRsaSigner(pair.pkcs8Pem, { engine: 'forge' })
      .sign(data)
      .catch((e: unknown) => e);
    expect(errors.PaykitError.isInstance(error)).toBe(true);
    expect(PaykitError.isInstance(error) && error.code).toBe('configuration_error');
    expect((error as Error).message).toContain('install node-forge');
  });
});
