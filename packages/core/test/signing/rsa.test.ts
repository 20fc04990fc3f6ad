import { execFileSync } from 'node:child_process';
import { sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRsaSigner, createRsaVerifier } from '../../src/signing/index.js';
import { keys, wrap64 } from './fixtures.js';

const [pair, other] = keys();
const body = JSON.stringify({ merchantNo: 'M123', amount: '10.00', city: 'São Paulo ✓' });

const nodeVerifies = (data: string, signature: string) =>
  nodeVerify('sha256', Buffer.from(data, 'utf8'), pair.publicKey, Buffer.from(signature, 'base64'));
const nodeSignature = (data: string) =>
  nodeSign('sha256', Buffer.from(data, 'utf8'), pair.privateKey).toString('base64');

describe('createRsaSigner', () => {
  const formats = {
    'PKCS#8 PEM': pair.pkcs8Pem,
    'PKCS#1 PEM': pair.pkcs1Pem,
    'bare base64 PKCS#8 DER': pair.pkcs8Base64,
    'bare base64 PKCS#8 DER with line breaks': `\n${wrap64(pair.pkcs8Base64, '\r\n')}\n`,
    'bare base64 PKCS#1 DER': wrap64(pair.pkcs1Base64),
    'PEM with literal \\n escapes (.env style)': pair.pkcs8Pem.replace(/\n/g, '\\n'),
  };

  it.each(Object.entries(formats))(
    'signs with a %s key, verified by node:crypto',
    async (_, key) => {
      const signature = await createRsaSigner(key).sign(body);
      expect(signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(signature).toHaveLength(344);
      expect(nodeVerifies(body, signature)).toBe(true);
      // RSASSA-PKCS1-v1_5 is deterministic, so every format yields node's exact signature.
      expect(signature).toBe(nodeSignature(body));
    },
  );

  it('signs the UTF-8 bytes of the data', async () => {
    const data = 'São Paulo ✓ 𝄞';
    const signature = await createRsaSigner(pair.pkcs8Pem).sign(data);
    const verifies = (bytes: Buffer) =>
      nodeVerify('sha256', bytes, pair.publicKey, Buffer.from(signature, 'base64'));
    expect(verifies(Buffer.from(data, 'utf8'))).toBe(true);
    expect(verifies(Buffer.from(data, 'latin1'))).toBe(false);
    expect(verifies(Buffer.from(data, 'utf16le'))).toBe(false);
  });

  it('imports the key once, lazily, and signs concurrently', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    try {
      const signer = createRsaSigner(pair.pkcs8Pem);
      expect(importKey).not.toHaveBeenCalled();
      const messages = Array.from({ length: 16 }, (_, i) => `${body}#${i}`);
      const signatures = await Promise.all(messages.map((m) => signer.sign(m)));
      expect(importKey).toHaveBeenCalledTimes(1);
      expect(signatures.map((signature, i) => nodeVerifies(messages[i]!, signature))).toEqual(
        messages.map(() => true),
      );
    } finally {
      importKey.mockRestore();
    }
  });
});

describe('createRsaVerifier', () => {
  const formats = {
    'SPKI PEM': pair.spkiPem,
    'bare base64 SPKI DER': pair.spkiBase64,
    'bare base64 SPKI DER with line breaks': wrap64(pair.spkiBase64),
    'PKCS#1 public PEM': pair.pkcs1PublicPem,
  };

  it.each(Object.entries(formats))(
    'verifies node:crypto signatures with a %s key',
    async (_, key) => {
      const verifier = createRsaVerifier(key);
      expect(await verifier.verify(body, nodeSignature(body))).toBe(true);
      expect(await verifier.verify(body, wrap64(nodeSignature(body)))).toBe(true);
    },
  );

  it('returns false for tampered data, a wrong key and malformed signatures', async () => {
    const verifier = createRsaVerifier(pair.spkiPem);
    const signature = nodeSignature(body);
    expect(await verifier.verify(`${body} `, signature)).toBe(false);
    expect(await createRsaVerifier(other.spkiPem).verify(body, signature)).toBe(false);
    const flipped = Buffer.from(signature, 'base64');
    flipped[100]! ^= 1;
    expect(await verifier.verify(body, flipped.toString('base64'))).toBe(false);
    for (const garbage of [
      '',
      '!!!not base64!!!',
      'AAAA',
      signature.slice(0, 100),
      `${signature}AAAA`,
    ]) {
      expect(await verifier.verify(body, garbage)).toBe(false);
    }
    expect(await verifier.verify(body, undefined as unknown as string)).toBe(false);
  });
});

describe('interoperability with the openssl CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paykit-signing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content?: string | Buffer) => {
    const path = join(dir, name);
    if (content !== undefined) writeFileSync(path, content);
    return path;
  };
  // Not skipped when openssl is missing: execFileSync then throws ENOENT and the test fails.
  const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

  it('openssl verifies paykit signatures', async () => {
    const data = file('data.txt', body);
    const signature = await createRsaSigner(pair.pkcs1Pem).sign(body);
    const sig = file('paykit.sig', Buffer.from(signature, 'base64'));
    const pub = file('pub.pem', pair.spkiPem);
    expect(openssl('dgst', '-sha256', '-verify', pub, '-signature', sig, data)).toContain(
      'Verified OK',
    );
  });

  it('paykit verifies openssl signatures', async () => {
    const data = file('data2.txt', body);
    const key = file('key.pem', pair.pkcs8Pem);
    const sig = file('openssl.sig');
    openssl('dgst', '-sha256', '-sign', key, '-out', sig, data);
    const signature = readFileSync(sig).toString('base64');
    expect(await createRsaVerifier(pair.spkiBase64).verify(body, signature)).toBe(true);
    expect(await createRsaVerifier(pair.spkiBase64).verify(`${body}x`, signature)).toBe(false);
  });
});
