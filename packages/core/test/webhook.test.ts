import { describe, expect, it } from 'vitest';
import {
  eventTime,
  getHeader,
  isWithinTolerance,
  parseWebhookJson,
} from '../src/connector/index.js';
import { PaykitError } from '../src/index.js';

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

describe('eventTime', () => {
  it('reads Unix seconds, as a number or digits, and date-time strings, as ISO 8601 UTC', () => {
    expect(eventTime(1706771212)).toBe('2024-02-01T07:06:52.000Z');
    expect(eventTime('1706771212')).toBe('2024-02-01T07:06:52.000Z');
    expect(eventTime(' 1706771212 ')).toBe('2024-02-01T07:06:52.000Z');
    expect(eventTime('2022-01-17T08:04:13.879+00:00')).toBe('2022-01-17T08:04:13.879Z');
    expect(eventTime('2024-11-06T11:56:13.000+08:00')).toBe('2024-11-06T03:56:13.000Z');
    expect(eventTime('0')).toBe('1970-01-01T00:00:00.000Z');
    expect(eventTime('2023-08-06T23:50:59 +0000')).toBe('2023-08-06T23:50:59.000Z');
    expect(eventTime('2023-08-06 23:50:59Z')).toBe('2023-08-06T23:50:59.000Z');
    expect(eventTime('2023-08-06T23:50:59-0300')).toBe('2023-08-07T02:50:59.000Z');
  });

  it('is undefined for what is not a time, never a guess', () => {
    for (const value of [
      undefined,
      null,
      '',
      'soon',
      '12/01/2024',
      'May 3',
      {},
      [],
      NaN,
      1e20,
      '2024-13-45T99:00:00Z',
      '2024-02-30T10:00:00Z',
      '2024-01-01 10:00:00',
      '2024-01-01',
    ]) {
      expect(eventTime(value)).toBeUndefined();
    }
  });
});

describe('parseWebhookJson', () => {
  it('parses JSON, and answers anything else with invalid_request', () => {
    expect(parseWebhookJson('{"a":1}', 'toy')).toEqual({ a: 1 });
    for (const body of ['', 'not json', '{"a":', '<xml/>']) {
      let error: unknown;
      try {
        parseWebhookJson(body, 'toy', 'notification');
      } catch (e) {
        error = e;
      }
      expect(PaykitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'invalid_request',
        connector: 'toy',
        message: 'The toy notification is not JSON.',
      });
    }
  });
});
