import { createHmac } from 'node:crypto';
import { createHmacSha256Signer, type HttpRequestEvent, hmacSha256Hex } from '@paykit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notificationStringToSign, yabandPayStringToSign } from '../src/index.js';

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

describe("core's Web Crypto HMAC, as the connector signs with it", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("matches node:crypto and core's hmacSha256Hex", async () => {
    const sign = createHmacSha256Signer(SECRET);
    for (const message of ['', SEED_STRING, 'caf\u00e9 \u{1F600} & = \n', 'x'.repeat(10_000)]) {
      const expected = hmac(message);
      expect(await sign(message)).toBe(expected);
      expect(await hmacSha256Hex(SECRET, message)).toBe(expected);
    }
  });

  it('is a configuration_error where Web Crypto is missing', async () => {
    const sign = createHmacSha256Signer(SECRET);
    vi.stubGlobal('crypto', undefined);
    const error = await rejection(sign('x'));
    expect(error.code).toBe('configuration_error');
    expect(error.message).not.toContain(SECRET);
  });
});
