import { describe, expect, it } from 'vitest';
import { PaykitError } from '../../src/errors/index.js';
import { canonicalString, flattenForSigning } from '../../src/signing/index.js';

describe('canonicalString', () => {
  it('reproduces the YabandPay documentation vector', () => {
    const envelope = {
      user: 'T125119061',
      method: 'v3.POSReversal',
      time: 1555498137,
      data: {
        tid: 'T125119061',
        trade_id: '4a49ffb3-a30f-ba92-9422-1969afb6f121',
        request_id: 'a7z1lox4l6z6mdx1udgn5gtezasze1x0',
      },
      sign: '81617629b3',
    };
    expect(canonicalString(flattenForSigning(envelope, 'data', ['sign']))).toBe(
      'method=v3.POSReversal&request_id=a7z1lox4l6z6mdx1udgn5gtezasze1x0&tid=T125119061' +
        '&time=1555498137&trade_id=4a49ffb3-a30f-ba92-9422-1969afb6f121&user=T125119061',
    );
  });

  it('sorts keys by code unit, not locale', () => {
    expect(canonicalString({ b: 1, a: 2, B: 3, _: 4, a_b: 5, aB: 6 })).toBe(
      'B=3&_=4&a=2&aB=6&a_b=5&b=1',
    );
  });

  it('keeps zero values and empty strings, skips undefined and null', () => {
    expect(canonicalString({ a: 0, b: '0', c: undefined, d: null, e: false, f: '' })).toBe(
      'a=0&b=0&e=false&f=',
    );
  });

  it('leaves values raw and JSON-encodes nested objects', () => {
    expect(canonicalString({ url: 'https://x.test/?a=1&b=é', n: 1.5, o: { x: [1, 'y'] } })).toBe(
      'n=1.5&o={"x":[1,"y"]}&url=https://x.test/?a=1&b=é',
    );
  });
});

describe('flattenForSigning', () => {
  it('omits the signature field and the nested key, one level only', () => {
    expect(
      flattenForSigning({ a: 1, sign: 'x', data: { b: 2, c: { d: 3 }, sign: 'y' } }, 'data', [
        'sign',
      ]),
    ).toEqual({ a: 1, b: 2, c: { d: 3 } });
  });

  it('lets nested fields win a name clash and tolerates a missing nested object', () => {
    expect(flattenForSigning({ a: 1, data: { a: 2 } }, 'data', [])).toEqual({ a: 2 });
    expect(flattenForSigning({ a: 1, data: null }, 'data', [])).toEqual({ a: 1 });
    expect(flattenForSigning({ a: 1 }, 'data', [])).toEqual({ a: 1 });
  });

  it('rejects a nested value that is not an object', () => {
    for (const data of ['x', [1], 3]) {
      try {
        flattenForSigning({ data }, 'data', []);
        expect.unreachable();
      } catch (error) {
        expect(PaykitError.isInstance(error) && error.code).toBe('invalid_request');
      }
    }
  });
});
