import { describe, expect, it } from 'vitest';
import { getHeader, isWithinTolerance } from '../src/index.js';

describe('getHeader', () => {
  it('reads a header case-insensitively from every HeadersInit form', () => {
    expect(getHeader({ 'X-Signature': 'abc' }, 'x-signature')).toBe('abc');
    expect(getHeader({ 'x-signature': 'abc' }, 'X-SIGNATURE')).toBe('abc');
    expect(getHeader(new Headers({ Sign: 's1' }), 'sign')).toBe('s1');
    expect(getHeader([['Sign', 's2']], 'SIGN')).toBe('s2');
  });

  it('joins repeated headers as fetch does', () => {
    expect(
      getHeader(
        [
          ['x-a', '1'],
          ['x-a', '2'],
        ],
        'x-a',
      ),
    ).toBe('1, 2');
  });

  it('returns undefined for a missing header, no headers or invalid ones', () => {
    expect(getHeader({ a: '1' }, 'b')).toBeUndefined();
    expect(getHeader(undefined, 'a')).toBeUndefined();
    expect(getHeader({ 'bad header': 'x' }, 'bad header')).toBeUndefined();
    expect(getHeader({ a: '1' }, 'bad header')).toBeUndefined();
    expect(getHeader({ a: 'x\ny' }, 'a')).toBeUndefined();
  });

  it('keeps an empty value distinct from a missing header', () => {
    expect(getHeader({ a: '' }, 'a')).toBe('');
  });
});

describe('isWithinTolerance', () => {
  const now = 1_700_000_000_000;

  it('accepts timestamps within the tolerance, either way, bounds included', () => {
    expect(isWithinTolerance(now / 1000, 300, now)).toBe(true);
    expect(isWithinTolerance(now / 1000 - 300, 300, now)).toBe(true);
    expect(isWithinTolerance(now / 1000 + 300, 300, now)).toBe(true);
    expect(isWithinTolerance(now / 1000 - 299.5, 300, now)).toBe(true);
  });

  it('refuses timestamps outside it', () => {
    expect(isWithinTolerance(now / 1000 - 301, 300, now)).toBe(false);
    expect(isWithinTolerance(now / 1000 + 301, 300, now)).toBe(false);
    // Milliseconds passed by mistake are far in the future.
    expect(isWithinTolerance(now, 300, now)).toBe(false);
    expect(isWithinTolerance(0, 300, now)).toBe(false);
  });

  it('refuses what is not a finite number', () => {
    for (const ts of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(isWithinTolerance(ts, 300, now)).toBe(false);
    }
    expect(isWithinTolerance('1700000000' as unknown as number, 300, now)).toBe(false);
  });

  it('uses the clock by default', () => {
    expect(isWithinTolerance(Math.floor(Date.now() / 1000), 5)).toBe(true);
    expect(isWithinTolerance(Math.floor(Date.now() / 1000) - 3600, 5)).toBe(false);
  });
});
