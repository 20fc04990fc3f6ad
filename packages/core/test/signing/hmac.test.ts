import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PaykitError } from '../../src/errors/index.js';
import { createHmacSha256Signer, hmacSha256Hex } from '../../src/signing/index.js';

const node = (key: string, message: string) =>
  createHmac('sha256', key).update(message, 'utf8').digest('hex');

/** Makes the runtime look like one without node:crypto (a browser, a worker). */
const withoutNodeCrypto = () => vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined);

describe('hmacSha256Hex', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('matches the known vector', async () => {
    await expect(hmacSha256Hex('key', 'The quick brown fox jumps over the lazy dog')).resolves.toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('matches node:crypto on UTF-8 keys and messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), async (key, message) => {
        expect(await hmacSha256Hex(key, message)).toBe(node(key, message));
      }),
      { numRuns: 50 },
    );
    expect(await hmacSha256Hex('clé ✓', 'São Paulo ✓')).toBe(node('clé ✓', 'São Paulo ✓'));
  });

  it('rejects an empty key as configuration_error', async () => {
    const error = await hmacSha256Hex('', 'x').catch((e: unknown) => e);
    expect(PaykitError.isInstance(error) && error.code).toBe('configuration_error');
  });

  it('signs with node:crypto where the runtime has it, without a Web Crypto job per call', async () => {
    const subtleSign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    const sign = createHmacSha256Signer('secret');
    expect(await sign('message')).toBe(node('secret', 'message'));
    expect(subtleSign).not.toHaveBeenCalled();
  });

  it('signs the same with Web Crypto where node:crypto is missing', async () => {
    withoutNodeCrypto();
    const subtleSign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), async (key, message) => {
        expect(await hmacSha256Hex(key, message)).toBe(node(key, message));
      }),
      { numRuns: 30 },
    );
    expect(subtleSign).toHaveBeenCalled();
  });

  it('does not trust a node:crypto shim that gets the known vector wrong', async () => {
    const wrong = { digest: () => '00'.repeat(32) };
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue({
      createSecretKey: (key: Uint8Array) => key,
      createHmac: () => ({ update: () => wrong }),
    } as never);
    expect(await hmacSha256Hex('secret', 'message')).toBe(node('secret', 'message'));
  });

  it('needs Web Crypto and says so where it is missing, rather than pulling in node-forge', async () => {
    withoutNodeCrypto();
    vi.stubGlobal('crypto', undefined);
    expect(globalThis.crypto).toBeUndefined();
    const error = await hmacSha256Hex('secret', 'message').catch((e: unknown) => e);
    expect(PaykitError.isInstance(error) && error.code).toBe('configuration_error');
    expect((error as Error).message).toMatch(/Web Crypto/);
  });
});
