import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatRequestTime } from '../src/payermax-api.js';
import { createPayerMaxSimulator, generatePayerMaxTestKeys } from '../src/testing/index.js';
import { keys, makeSim, nodeSign } from './helpers.js';

const URL_CANCEL = 'https://pay-gate-uat.payermax.com/aggregate-pay/api/gateway/cancel';
const URL_ORDER_QUERY = 'https://pay-gate-uat.payermax.com/aggregate-pay/api/gateway/orderQuery';

/** A request signed by Node directly: the simulator does not depend on the connector. */
async function post(
  sim: ReturnType<typeof makeSim>,
  envelope: Record<string, unknown>,
  sign: (body: string) => string | undefined = (body) => nodeSign(body),
  url = URL_CANCEL,
) {
  const body = JSON.stringify(envelope);
  const signature = sign(body);
  const response = await sim.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { sign: signature } : {}) },
    body,
  });
  const text = await response.text();
  return {
    response,
    text,
    json: JSON.parse(text) as { code: string; msg: string; data?: Record<string, unknown> },
  };
}

function envelope(
  sim: ReturnType<typeof makeSim>,
  data: Record<string, unknown>,
  extra: object = {},
) {
  return {
    version: '1.5',
    keyVersion: '1',
    requestTime: formatRequestTime(Date.now()),
    appId: sim.appId,
    data,
    ...extra,
  };
}

describe('the PayerMax simulator', () => {
  it('accepts a cancel signed by Node and signs its answer with its own key', async () => {
    const sim = makeSim();
    const outTradeNo = sim.seedPayment({ amount: 12.5, currency: 'usd' });
    const { response, text, json } = await post(
      sim,
      envelope(sim, { requestId: 'n-1', outTradeNo }),
    );
    expect(json).toMatchObject({
      code: 'APPLY_SUCCESS',
      msg: 'Success.',
      data: { status: 'PENDING', requestId: 'n-1', outTradeNo },
    });
    expect(Object.keys(json.data!)).toEqual([
      'cancelNo',
      'requestId',
      'outTradeNo',
      'status',
      'createdTime',
      'succeededTime',
      'failedTime',
      'errorCode',
      'errorMsg',
    ]);
    expect(json.data!.createdTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} \+0000$/);
    const { verify } = await import('node:crypto');
    const key = createPublicKey({
      key: Buffer.from(sim.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    expect(
      verify(
        'sha256',
        Buffer.from(text),
        key,
        Buffer.from(response.headers.get('sign')!, 'base64'),
      ),
    ).toBe(true);
    expect(sim.getPayment(outTradeNo)).toMatchObject({
      status: 'CANCELLED',
      totalAmount: 12.5,
      currency: 'USD',
    });
  });

  it('refuses a bad signature, unsigned, and a missing one', async () => {
    const sim = makeSim();
    const outTradeNo = sim.seedPayment();
    const other = generatePayerMaxTestKeys();
    for (const sign of [
      (b: string) => nodeSign(b, other.merchantPrivateKey),
      () => undefined,
      () => 'AAAA',
    ]) {
      const { response, json } = await post(
        sim,
        envelope(sim, { requestId: 's-1', outTradeNo }),
        sign,
      );
      expect(json).toEqual({ msg: 'The signature verify failed.', code: 'SIGN_VERIFY_FAILED' });
      expect(response.headers.get('sign')).toBeNull();
    }
    expect(sim.getPayment(outTradeNo)?.cancels).toHaveLength(0);
  });

  it('checks the fields PayerMax checks', async () => {
    const sim = makeSim({ merchantNo: 'P01' });
    const outTradeNo = sim.seedPayment();
    const good = { requestId: 'f-1', outTradeNo };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [envelope(sim, good, { appId: 'other' }), 'MERCHANT_APP_INVALID', /Signature key/],
      [envelope(sim, good, { merchantNo: 'P02' }), 'MERCHANT_INVALID', /offline/],
      [
        envelope(sim, good, { merchantNo: 'P01', version: undefined }),
        'PARAMS_INVALID',
        /^version is invalid,because version is null\.$/,
      ],
      [envelope(sim, good, { merchantNo: 'P01', version: '2.0' }), 'PARAMS_INVALID', /version/],
      [envelope(sim, good, { merchantNo: 'P01', keyVersion: '2' }), 'PARAMS_INVALID', /keyVersion/],
      [
        envelope(sim, good, { merchantNo: 'P01', version: 123 }),
        'PARAMS_INVALID',
        /must be String/,
      ],
      [
        envelope(sim, { outTradeNo }, { merchantNo: 'P01' }),
        'PARAMS_INVALID',
        /data\.requestId is invalid/,
      ],
      [
        envelope(sim, { requestId: 'x', outTradeNo: 'o'.repeat(65) }, { merchantNo: 'P01' }),
        'PARAMS_INVALID',
        /between 1 and 64,but your input value length is 65/,
      ],
      [
        envelope(sim, good, { merchantNo: 'P01', data: 'nope' }),
        'PARAMS_INVALID',
        /data is invalid/,
      ],
      [
        envelope(sim, good, { merchantNo: 'P01', requestTime: '2024-11-06 11:56:13' }),
        'REQ_TIME_OVER_TIME',
        /two minutes/,
      ],
      [
        envelope(sim, good, {
          merchantNo: 'P01',
          requestTime: formatRequestTime(Date.now() - 121_000),
        }),
        'REQ_TIME_OVER_TIME',
        /two minutes/,
      ],
      [
        envelope(sim, { requestId: 'x', outTradeNo: 'NOPE' }, { merchantNo: 'P01' }),
        'ORDER_NOT_EXIST',
        /not exist/,
      ],
    ];
    for (const [body, code, msg] of cases) {
      const { json } = await post(sim, body);
      expect(json.code, JSON.stringify(body)).toBe(code);
      expect(json.msg).toMatch(msg);
    }
    // A requestTime in another offset within the window is fine; so is PayerMax's 1.4.
    const local = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 23);
    const { json } = await post(
      sim,
      envelope(sim, good, { merchantNo: 'P01', version: '1.4', requestTime: `${local}+08:00` }),
    );
    expect(json.code).toBe('APPLY_SUCCESS');
  });

  it('answers 404 for other APIs and refuses a body that is not JSON', async () => {
    const sim = makeSim();
    expect(
      (await sim.fetch(URL_CANCEL.replace('cancel', 'refundApply'), { method: 'POST', body: '{}' }))
        .status,
    ).toBe(404);
    const response = await sim.fetch(URL_CANCEL, { method: 'POST', body: 'nope' });
    expect(await response.json()).toMatchObject({ code: 'PARAMS_INVALID' });
  });

  it('seeds demo payments in every state and lists them', () => {
    const sim = makeSim();
    const ids = sim.seedDemoPayments();
    const payments = sim.listPayments();
    expect(payments.map((p) => p.outTradeNo)).toEqual(ids);
    expect(new Set(payments.map((p) => p.status))).toEqual(
      new Set(['AUTHORIZED', 'CAPTURED', 'CANCELLED', 'PENDING', 'CLOSED', 'FAILED', 'REFUNDED']),
    );
    expect(payments.filter((p) => p.status === 'AUTHORIZED')).toHaveLength(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sim.getPayment('missing')).toBeUndefined();
  });

  it('takes given keys, PEM or base64, and exposes its public key as base64 SPKI', async () => {
    const pem = createPublicKey({
      key: Buffer.from(keys.merchantPublicKey, 'base64'),
      format: 'der',
      type: 'spki',
    }).export({ format: 'pem', type: 'spki' }) as string;
    const sim = createPayerMaxSimulator({
      merchantPublicKey: pem,
      appId: 'my-app',
      keys: { privateKey: keys.payermaxPrivateKey, publicKey: keys.payermaxPublicKey },
    });
    expect(sim.publicKey).toBe(keys.payermaxPublicKey);
    expect(sim.appId).toBe('my-app');
    const outTradeNo = sim.seedPayment({ outTradeNo: 'MINE-1' });
    expect(outTradeNo).toBe('MINE-1');
    const { json } = await post(sim, envelope(sim, { requestId: 'k-1', outTradeNo }));
    expect(json.code).toBe('APPLY_SUCCESS');
  });

  it('generates its own PayerMax key pair when given none', () => {
    const a = createPayerMaxSimulator({ merchantPublicKey: keys.merchantPublicKey });
    const b = createPayerMaxSimulator({ merchantPublicKey: keys.merchantPublicKey });
    expect(a.publicKey).toMatch(/^MIIBIjAN/);
    expect(a.publicKey).not.toBe(b.publicKey);
  });

  it('generatePayerMaxTestKeys gives four distinct base64 DER keys', () => {
    const k = generatePayerMaxTestKeys();
    expect(k.merchantPrivateKey).toMatch(/^MIIE/);
    expect(k.payermaxPrivateKey).toMatch(/^MIIE/);
    expect(k.merchantPublicKey).toMatch(/^MIIBIjAN/);
    expect(new Set(Object.values(k)).size).toBe(4);
  });

  it('answers a repeated cancel (same requestId and outTradeNo) with the same cancel, never an error', async () => {
    let clock = Date.now();
    const sim = makeSim({ settleAfterMs: 60_000, now: () => clock });
    const outTradeNo = sim.seedPayment();
    const ask = () =>
      post(sim, {
        ...envelope(sim, { requestId: 'again-1', outTradeNo }),
        requestTime: formatRequestTime(clock),
      });
    const first = await ask();
    expect(first.json).toMatchObject({ code: 'APPLY_SUCCESS', data: { status: 'PENDING' } });
    // Still pending: the repeat answers the current state of the same cancel.
    const pending = await ask();
    expect(pending.json).toEqual(first.json);
    expect(pending.response.headers.get('sign')).toBeTruthy();
    clock += 60_000;
    const settled = await ask();
    expect(settled.json).toMatchObject({
      code: 'APPLY_SUCCESS',
      data: {
        cancelNo: first.json.data!.cancelNo,
        requestId: 'again-1',
        outTradeNo,
        status: 'SUCCESS',
      },
    });
    expect(settled.json.data!.succeededTime).toMatch(/ \+0000$/);
    // Once succeeded, it stays the same SUCCESS answer.
    expect((await ask()).json).toEqual(settled.json);
    expect(sim.getPayment(outTradeNo)?.cancels).toHaveLength(1);
    expect(sim.getPayment(outTradeNo)?.status).toBe('CANCELLED');
  });

  it('answers orderQuery with the documented body, signed', async () => {
    const sim = makeSim();
    const outTradeNo = sim.seedPayment({ amount: 150000, currency: 'IDR' });
    const { response, text, json } = await post(
      sim,
      envelope(sim, { outTradeNo }),
      undefined,
      URL_ORDER_QUERY,
    );
    const seeded = sim.getPayment(outTradeNo)!;
    expect(json).toEqual({
      msg: 'Success.',
      code: 'APPLY_SUCCESS',
      data: {
        outTradeNo,
        tradeToken: seeded.tradeToken,
        totalAmount: 150000,
        currency: 'IDR',
        country: 'ID',
        status: 'SUCCESS',
        captureMode: 'MANUAL',
      },
    });
    expect(seeded.tradeToken).toMatch(/^T\d{14}\d{10}$/);
    const key = createPublicKey({
      key: Buffer.from(sim.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const { verify } = await import('node:crypto');
    expect(
      verify(
        'sha256',
        Buffer.from(text),
        key,
        Buffer.from(response.headers.get('sign')!, 'base64'),
      ),
    ).toBe(true);
  });

  it('orderQuery: ORDER_NOT_EXIST for an unknown order, outTradeNo required, no requestId needed', async () => {
    const sim = makeSim();
    const unknown = await post(
      sim,
      envelope(sim, { outTradeNo: 'NOPE' }),
      undefined,
      URL_ORDER_QUERY,
    );
    expect(unknown.json).toEqual({ msg: 'Order does not exist.', code: 'ORDER_NOT_EXIST' });
    expect(unknown.response.headers.get('sign')).toBeTruthy();
    const missing = await post(sim, envelope(sim, {}), undefined, URL_ORDER_QUERY);
    expect(missing.json).toMatchObject({
      code: 'PARAMS_INVALID',
      msg: /data\.outTradeNo is invalid/,
    });
    const unsigned = await post(
      sim,
      envelope(sim, { outTradeNo: 'NOPE' }),
      () => undefined,
      URL_ORDER_QUERY,
    );
    expect(unsigned.json.code).toBe('SIGN_VERIFY_FAILED');
  });

  it("orderQuery reports each order's state; a cancelled one stays SUCCESS", async () => {
    const sim = makeSim();
    const expected: Record<string, string> = {
      AUTHORIZED: 'SUCCESS',
      CAPTURED: 'SUCCESS',
      CANCELLED: 'SUCCESS',
      REFUNDED: 'SUCCESS',
      PENDING: 'PENDING',
      CLOSED: 'CLOSED',
      FAILED: 'FAILED',
    };
    for (const [state, status] of Object.entries(expected)) {
      const outTradeNo = sim.seedPayment({ status: state as never });
      const { json } = await post(sim, envelope(sim, { outTradeNo }), undefined, URL_ORDER_QUERY);
      expect(json.data, state).toMatchObject({ status, captureMode: 'MANUAL' });
    }
    // A cancel made through the API changes nothing orderQuery shows.
    const outTradeNo = sim.seedPayment();
    await post(sim, envelope(sim, { requestId: 'q-1', outTradeNo }));
    await post(sim, envelope(sim, { requestId: 'q-1', outTradeNo }));
    expect(sim.getPayment(outTradeNo)?.status).toBe('CANCELLED');
    const { json } = await post(sim, envelope(sim, { outTradeNo }), undefined, URL_ORDER_QUERY);
    expect(json.data).toMatchObject({ status: 'SUCCESS', captureMode: 'MANUAL' });
  });

  it('cancelNotification refuses an order without a cancel', () => {
    const sim = makeSim();
    expect(() => sim.cancelNotification(sim.seedPayment())).toThrow(/no cancel/);
  });
});
