import { createHmac } from 'node:crypto';
import type { HttpRequestEvent } from '@paykit/core';
import { createHmacSha256Signer, hmacSha256Hex } from '@paykit/core/connector';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notificationStringToSign, yabandPayStringToSign } from '../src/index.js';
import { phpFloatString, phpString } from '../src/yabandpay-php-string.js';

import { rejection, SECRET, sentBody, setup } from './helpers.js';

// The seed's example: "拼接为URL方式并排序后的字符串".
const SEED_STRING =
  'method=v3.POSReversal&request_id=a7z1lox4l6z6mdx1udgn5gtezasze1x0&tid=T125119061&time=1555498137&trade_id=4a49ffb3-a30f-ba92-9422-1969afb6f121&user=T125119061';
const SEED = {
  user: 'T125119061',
  method: 'v3.POSReversal',
  time: 1555498137,
  data: {
    tid: 'T125119061',
    trade_id: '4a49ffb3-a30f-ba92-9422-1969afb6f121',
    request_id: 'a7z1lox4l6z6mdx1udgn5gtezasze1x0',
  },
} as const;

const hmac = (text: string) => createHmac('sha256', SECRET).update(text, 'utf8').digest('hex');

describe('the canonical string', () => {
  it('is the seed example for the seed example inputs', () => {
    expect(yabandPayStringToSign(SEED)).toBe(SEED_STRING);
  });

  it('keeps zero values and values raw (no URL-encoding), and leaves sign out', () => {
    const text = yabandPayStringToSign({
      user: 'T1',
      method: 'v3.QueryOrder',
      time: 0,
      data: { trade_id: 'a&b=c d', sign: 'x' } as never,
    });
    expect(text).toBe('method=v3.QueryOrder&time=0&trade_id=a&b=c d&user=T1');
  });

  it('signs a notification over the fields of data only, sorted, without sign', () => {
    expect(
      notificationStringToSign({
        state: '00',
        amount: '0.10',
        trade_id: 't1',
        sign: 'zz',
        zero: 0,
      }),
    ).toBe('amount=0.10&state=00&trade_id=t1&zero=0');
  });

  it("turns notification values into text PHP's way, keeping a null field as `k=`", () => {
    expect(
      notificationStringToSign({
        trade_id: 't1',
        state: '00',
        amount: 12.5,
        paid: true,
        refunded: false,
        note: null,
        count: 7,
        skipped: undefined,
      }),
    ).toBe('amount=12.5&count=7&note=&paid=1&refunded=&state=00&trade_id=t1');
  });

  it('leaves the request string as it was: a null field is still dropped there', () => {
    const text = yabandPayStringToSign({
      user: 'T1',
      method: 'v3.QueryOrder',
      time: 5,
      data: { trade_id: 'a', extra: null } as never,
    });
    expect(text).toBe('method=v3.QueryOrder&time=5&trade_id=a&user=T1');
  });
});

describe('phpString, PHP 8 string conversion with precision=14', () => {
  it('prints floats as PHP does', () => {
    // Each expected value is what `php -r 'echo "$f";'` prints (PHP 8.2, precision=14).
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [1.0, '1'],
      [12.5, '12.5'],
      [0.1 + 0.2, '0.3'],
      [0.30000000000000004, '0.3'],
      [1e25, '1.0E+25'],
      [0.00001, '1.0E-5'],
      [0.0001, '0.0001'],
      // The literal as a JSON body would hold it; a double keeps 123456789012345680.
      [Number('123456789012345678.0'), '1.2345678901235E+17'],
      [-1.5e-7, '-1.5E-7'],
      [1.5e300, '1.5E+300'],
      [5e-324, '4.9406564584125E-324'],
      [Number.MAX_VALUE, '1.7976931348623E+308'],
      [99999999999999.95, '1.0E+14'],
      [1234.5678, '1234.5678'],
    ];
    for (const [value, text] of cases) expect(phpString(value), String(value)).toBe(text);
  });

  it('rounds a tie at the 14th digit half to even, as zend_dtoa does', () => {
    expect(phpFloatString(10000000000000.5)).toBe('10000000000000');
    expect(phpFloatString(10000000000001.5)).toBe('10000000000002');
    expect(phpFloatString(10000000000000.5).length).toBe(14);
  });

  it('prints floats that print like integers, and the special values', () => {
    expect(phpFloatString(1e14)).toBe('1.0E+14');
    expect(phpFloatString(1e13)).toBe('10000000000000');
    expect(phpFloatString(2.5)).toBe('2.5');
    expect(phpFloatString(-0)).toBe('-0');
    expect(phpFloatString(0)).toBe('0');
    expect(phpFloatString(Number.NaN)).toBe('NAN');
    expect(phpFloatString(Number.POSITIVE_INFINITY)).toBe('INF');
    expect(phpFloatString(Number.NEGATIVE_INFINITY)).toBe('-INF');
  });

  it('prints integers as digits, booleans and null as PHP does, strings raw', () => {
    expect(phpString(0)).toBe('0');
    expect(phpString(-42)).toBe('-42');
    expect(phpString(1706771212)).toBe('1706771212');
    expect(phpString(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(phpString(true)).toBe('1');
    expect(phpString(false)).toBe('');
    expect(phpString(null)).toBe('');
    expect(phpString(undefined)).toBe('');
    expect(phpString('0.10')).toBe('0.10');
    expect(phpString('a&b=c d')).toBe('a&b=c d');
    expect(phpString('')).toBe('');
  });

  it('prints an array or an object as "Array"', () => {
    expect(phpString([1, 2])).toBe('Array');
    expect(phpString([])).toBe('Array');
    expect(phpString({ a: 1 })).toBe('Array');
  });
});

describe('what the connector sends for the seed example', () => {
  it('signs exactly the seed string and sends the seed body, byte for byte', async () => {
    const events: HttpRequestEvent[] = [];
    const { sim, connector } = setup({
      now: () => 1555498137_000,
      hooks: { onRequest: (event) => events.push(event) },
    });
    sim.seedPayment({ tradeId: SEED.data.trade_id });
    const result = await connector.cancelPayment({
      paymentId: SEED.data.trade_id,
      requestId: SEED.data.request_id,
    });
    expect(result.status).toBe('cancelled');

    const sign = hmac(SEED_STRING);
    expect(events[0]?.signing).toEqual({ stringToSign: SEED_STRING, signature: sign });
    expect(sim.requests).toHaveLength(1);
    const request = sim.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/Payments');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe(
      `{"user":"T125119061","sign":"${sign}","method":"v3.POSReversal","time":1555498137,` +
        '"data":{"tid":"T125119061","trade_id":"4a49ffb3-a30f-ba92-9422-1969afb6f121","request_id":"a7z1lox4l6z6mdx1udgn5gtezasze1x0"}}',
    );
    expect(sentBody(request.body).sign).toBe(sign);
  });

  it('sends time as Unix seconds of the clock', async () => {
    const { sim, connector } = setup({ now: () => 1_700_000_000_999 });
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId });
    expect(sentBody(sim.requests[0]!.body).time).toBe(1_700_000_000);
  });

  it('uses the real clock by default', async () => {
    const { sim, connector } = setup();
    const before = Math.floor(Date.now() / 1000);
    await connector.cancelPayment({ paymentId: sim.seedPayment() });
    const { time } = sentBody(sim.requests[0]!.body);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
});

describe("core's HMAC, as the connector signs with it", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
  // A runtime without node:crypto (a browser, a worker): core signs with Web Crypto there.
  const withoutNodeCrypto = () => vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined);

  it.each([
    ['node:crypto', () => undefined],
    ['Web Crypto', withoutNodeCrypto],
  ])("matches node:crypto and core's hmacSha256Hex, signing with %s", async (_, runtime) => {
    runtime();
    const sign = createHmacSha256Signer(SECRET);
    for (const message of ['', SEED_STRING, 'caf\u00e9 \u{1F600} & = \n', 'x'.repeat(10_000)]) {
      const expected = hmac(message);
      expect(await sign(message)).toBe(expected);
      expect(await hmacSha256Hex(SECRET, message)).toBe(expected);
    }
  });

  it('is a configuration_error where neither node:crypto nor Web Crypto is there', async () => {
    withoutNodeCrypto();
    const sign = createHmacSha256Signer(SECRET);
    vi.stubGlobal('crypto', undefined);
    const error = await rejection(sign('x'));
    expect(error.code).toBe('configuration_error');
    expect(error.message).not.toContain(SECRET);
  });
});
