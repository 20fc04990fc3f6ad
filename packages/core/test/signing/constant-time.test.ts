import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingSafeEqualString } from '../../src/signing/index.js';

describe('timingSafeEqualString', () => {
  it('agrees with ===', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => timingSafeEqualString(a, b) === (a === b)),
    );
    fc.assert(fc.property(fc.string(), (a) => timingSafeEqualString(a, a)));
  });

  it('handles lengths, prefixes and NUL padding', () => {
    expect(timingSafeEqualString('', '')).toBe(true);
    expect(timingSafeEqualString('abc', 'abc')).toBe(true);
    expect(timingSafeEqualString('abc', 'abd')).toBe(false);
    expect(timingSafeEqualString('abc', 'abcd')).toBe(false);
    expect(timingSafeEqualString('abcd', 'abc')).toBe(false);
    expect(timingSafeEqualString('abc', 'abc\0')).toBe(false);
    expect(timingSafeEqualString('', '\0')).toBe(false);
    expect(timingSafeEqualString('✓', '✗')).toBe(false);
  });
});
