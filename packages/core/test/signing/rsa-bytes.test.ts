import { sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRsaVerifier } from '../../src/signing/index.js';
import { keys } from './fixtures.js';

// A provider signs the bytes of its body. Bytes that are not valid UTF-8, or that start with a
// BOM, change when decoded to text, so a signature over them verifies only over the bytes.
const [pair] = keys();
const withBom = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from('{"code":"APPLY_SUCCESS"}'),
]);
const notUtf8 = Buffer.concat([Buffer.from('{"msg":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
const signed = (bytes: Buffer) => nodeSign('sha256', bytes, pair.privateKey).toString('base64');

describe.each(['auto', 'forge'] as const)('createRsaVerifier over bytes (%s engine)', (engine) => {
  const verifier = createRsaVerifier(pair.spkiPem, { engine });

  it.each([
    ['a BOM', withBom],
    ['a byte that is not UTF-8', notUtf8],
  ])(
    'verifies a body with %s over its bytes, not over the text decoded from them',
    async (_, bytes) => {
      const signature = signed(bytes);
      expect(await verifier.verify(new Uint8Array(bytes), signature)).toBe(true);
      expect(await verifier.verify(new TextDecoder().decode(bytes), signature)).toBe(false);
    },
  );

  it('verifies a string as its UTF-8 bytes, as before', async () => {
    const text = '{"city":"São Paulo ✓"}';
    expect(await verifier.verify(text, signed(Buffer.from(text)))).toBe(true);
    expect(await verifier.verify(new TextEncoder().encode(text), signed(Buffer.from(text)))).toBe(
      true,
    );
  });

  it('verifies a view into a larger buffer over its own bytes only', async () => {
    const big = Buffer.concat([Buffer.from('xxxx'), notUtf8, Buffer.from('yyyy')]);
    const view = new Uint8Array(big.buffer, big.byteOffset + 4, notUtf8.length);
    expect(await verifier.verify(view, signed(notUtf8))).toBe(true);
  });

  it('refuses tampered bytes', async () => {
    const tampered = Buffer.from(notUtf8);
    tampered[tampered.length - 3] = 0xea;
    expect(await verifier.verify(new Uint8Array(tampered), signed(notUtf8))).toBe(false);
  });
});
