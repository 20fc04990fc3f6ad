import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaykitError } from '../../src/errors/index.js';
import { base64ToBytes, bytesToBase64, bytesToHex } from '../../src/signing/index.js';

describe('encoding', () => {
  it('matches Buffer for base64 and hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(bytesToBase64(bytes)).toBe(buffer.toString('base64'));
        expect(bytesToHex(bytes)).toBe(buffer.toString('hex'));
        expect(Array.from(base64ToBytes(buffer.toString('base64')))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('handles inputs larger than one chunk', () => {
    const bytes = new Uint8Array(randomBytes(100_000));
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('ignores whitespace and missing padding when decoding', () => {
    expect(Array.from(base64ToBytes(' aGVs\nbG8 \r\n'))).toEqual(Array.from(Buffer.from('hello')));
    expect(Array.from(base64ToBytes('aGk'))).toEqual([0x68, 0x69]);
  });

  it.each(['a', 'aGk=x', '@@@@', 'aG=k', 'aGk==='])('rejects %j as invalid_request', (input) => {
    try {
      base64ToBytes(input);
      expect.unreachable();
    } catch (error) {
      expect(PaykitError.isInstance(error) && error.code).toBe('invalid_request');
    }
  });
});
