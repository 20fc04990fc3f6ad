import { describe, expect, it } from 'vitest';
import { PAYERMAX_BASE_URLS, PAYERMAX_ORDER_STATUS } from '../src/index.js';
import type { PayerMaxSimStatus } from '../src/testing/index.js';
import {
  keys,
  makeConnector,
  makeSim,
  nodeVerifies,
  rejection,
  scripted,
  setup,
} from './helpers.js';

/** A signed `orderQuery` answer around `data`, as PayerMax words it. */
const order = (data: Record<string, unknown>) => ({ msg: 'Success.', code: 'APPLY_SUCCESS', data });

describe('getPayment: the orderQuery request', () => {
  it('POSTs the signed envelope to {gateway}/orderQuery with data {outTradeNo} only', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.getPayment({ paymentId });
    expect(sim.requests).toHaveLength(1);
    const [sent] = sim.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.url).toBe(`${PAYERMAX_BASE_URLS.sandbox}/orderQuery`);
    const body = JSON.parse(sent!.body);
    expect(Object.keys(body)).toEqual(['version', 'keyVersion', 'requestTime', 'appId', 'data']);
    expect(body).toMatchObject({ version: '1.5', keyVersion: '1', appId: sim.appId });
    expect(body.requestTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    expect(body.data).toEqual({ outTradeNo: paymentId });
    expect(nodeVerifies(sent!.body, sent!.headers.sign!)).toBe(true);
  });

  it('sends merchantNo when it is configured, and the simulator checks it', async () => {
    const { sim, connector } = setup(
      { merchantNo: 'P01010114178824' },
      { merchantNo: 'P01010114178824' },
    );
    await connector.getPayment({ paymentId: sim.seedPayment() });
    expect(JSON.parse(sim.requests[0]!.body).merchantNo).toBe('P01010114178824');
    const stranger = makeConnector(sim, { merchantNo: 'P00000000000000' });
    const error = await rejection(
      stranger.getPayment({ paymentId: sim.seedPayment() }),
      'authentication_failed',
    );
    expect(error.providerCode).toBe('MERCHANT_INVALID');
  });

  it('refuses bad input with invalid_request before any request', async () => {
    const { sim, connector } = setup();
    for (const paymentId of ['', 42, null, 'x'.repeat(65), 'a\u0000b']) {
      await rejection(connector.getPayment({ paymentId: paymentId as string }), 'invalid_request');
    }
    await rejection(connector.getPayment(undefined as never), 'invalid_request');
    await rejection(
      connector.getPayment({ paymentId: 'ORDER-1', providerOptions: { payermax: [] as never } }),
      'invalid_request',
    );
    expect(sim.requests).toHaveLength(0);
  });

  it('retries a 503 with the identical signed body', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'status', status: 503 }, 1);
    expect((await connector.getPayment({ paymentId })).status).toBe('authorized');
    expect(sim.requests).toHaveLength(2);
    expect(sim.requests[1]!.body).toBe(sim.requests[0]!.body);
    expect(sim.requests[1]!.headers.sign).toBe(sim.requests[0]!.headers.sign);
  });

  it('works over loopback HTTP', async () => {
    const sim = makeSim();
    const server = await sim.listen();
    try {
      const connector = makeConnector(sim, { baseUrl: server.url, fetch: undefined });
      const paymentId = sim.seedPayment({ amount: 300, currency: 'USD' });
      const result = await connector.getPayment({ paymentId });
      expect(result).toMatchObject({
        status: 'authorized',
        amount: { amount: 30000, currency: 'USD' },
      });
      expect(sim.requests[0]!.path).toBe('/orderQuery');
    } finally {
      await server.close();
    }
  });
});

describe('getPayment: the answer', () => {
  it('reads an authorised auth-capture order: authorized, tradeToken, amount, raw', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ amount: 300, currency: 'USD' });
    const result = await connector.getPayment({ paymentId });
    const seeded = sim.getPayment(paymentId)!;
    expect(result).toEqual({
      connector: 'payermax',
      paymentId,
      status: 'authorized',
      providerStatus: 'SUCCESS',
      providerReference: seeded.tradeToken,
      amount: { amount: 30000, currency: 'USD' },
      raw: {
        msg: 'Success.',
        code: 'APPLY_SUCCESS',
        data: {
          outTradeNo: paymentId,
          tradeToken: seeded.tradeToken,
          totalAmount: 300,
          currency: 'USD',
          country: 'US',
          status: 'SUCCESS',
          captureMode: 'MANUAL',
        },
      },
    });
  });

  it('the status table is SUCCESS, PENDING, FAILED, CLOSED', () => {
    expect(PAYERMAX_ORDER_STATUS).toEqual({
      SUCCESS: 'succeeded',
      PENDING: 'pending',
      FAILED: 'failed',
      CLOSED: 'expired',
    });
  });

  // Every simulated order is auth-capture. Captured, cancelled and refunded orders answer SUCCESS
  // like an authorised one: orderQuery documents no field that tells them apart.
  const states: [PayerMaxSimStatus, string, string][] = [
    ['AUTHORIZED', 'SUCCESS', 'authorized'],
    ['CAPTURED', 'SUCCESS', 'authorized'],
    ['CANCELLED', 'SUCCESS', 'authorized'],
    ['REFUNDED', 'SUCCESS', 'authorized'],
    ['PENDING', 'PENDING', 'pending'],
    ['FAILED', 'FAILED', 'failed'],
    ['CLOSED', 'CLOSED', 'expired'],
  ];
  for (const [simStatus, providerStatus, status] of states) {
    it(`a simulated ${simStatus} order is ${providerStatus}: ${status}`, async () => {
      const { sim, connector } = setup();
      const paymentId = sim.seedPayment({ status: simStatus, amount: 49.99, currency: 'EUR' });
      const result = await connector.getPayment({ paymentId });
      expect(result).toMatchObject({
        status,
        providerStatus,
        amount: { amount: 4999, currency: 'EUR' },
      });
      expect((result.raw as { data: { captureMode: string } }).data.captureMode).toBe('MANUAL');
    });
  }

  const scriptedCases: [string, Record<string, unknown>, object][] = [
    [
      'SUCCESS without captureMode is succeeded',
      {
        outTradeNo: 'O-1',
        tradeToken: 'T1',
        status: 'SUCCESS',
        totalAmount: 12.5,
        currency: 'usd',
      },
      { status: 'succeeded', providerReference: 'T1', amount: { amount: 1250, currency: 'USD' } },
    ],
    [
      'SUCCESS with captureMode MANUAL is authorized, providerStatus SUCCESS',
      { outTradeNo: 'O-1', status: 'SUCCESS', captureMode: 'MANUAL' },
      { status: 'authorized', providerStatus: 'SUCCESS' },
    ],
    [
      'captureMode MANUAL does not change PENDING, FAILED or CLOSED',
      { outTradeNo: 'O-1', status: 'CLOSED', captureMode: 'MANUAL' },
      { status: 'expired', providerStatus: 'CLOSED' },
    ],
    [
      'an unknown status is pending',
      { outTradeNo: 'O-1', status: 'REVERSED', captureMode: 'MANUAL' },
      { status: 'pending', providerStatus: 'REVERSED' },
    ],
    [
      'a decimal string totalAmount "150000" IDR is 15000000 minor units (ISO 4217: 2 decimals)',
      { outTradeNo: 'O-1', status: 'SUCCESS', totalAmount: '150000', currency: 'IDR' },
      { amount: { amount: 15_000_000, currency: 'IDR' } },
    ],
    [
      'totalAmount 300 USD is 30000',
      { outTradeNo: 'O-1', status: 'PENDING', totalAmount: 300, currency: 'USD' },
      { status: 'pending', amount: { amount: 30000, currency: 'USD' } },
    ],
  ];
  for (const [name, data, expected] of scriptedCases) {
    it(name, async () => {
      const { sim, connector } = setup();
      scripted(sim, order(data));
      const result = await connector.getPayment({ paymentId: 'O-1' });
      expect(result).toMatchObject({ connector: 'payermax', paymentId: 'O-1', ...expected });
      expect(result.raw).toEqual(order(data));
    });
  }

  it('leaves an unreadable amount out instead of failing the status', async () => {
    for (const amounts of [
      { totalAmount: 'ten', currency: 'USD' },
      { totalAmount: '1.005', currency: 'USD' },
      { totalAmount: -5, currency: 'USD' },
      { totalAmount: 10, currency: 'NOT-A-CURRENCY' },
      { totalAmount: { value: 10 }, currency: 'USD' },
      { totalAmount: 10, currency: 840 },
      { totalAmount: 10 },
      {},
    ]) {
      const { sim, connector } = setup();
      const data = { outTradeNo: 'O-2', status: 'SUCCESS', captureMode: 'MANUAL', ...amounts };
      scripted(sim, order(data));
      const result = await connector.getPayment({ paymentId: 'O-2' });
      expect(result.status, JSON.stringify(amounts)).toBe('authorized');
      expect(result).not.toHaveProperty('amount');
      expect((result.raw as { data: unknown }).data).toEqual(data);
    }
  });

  it('leaves providerReference out without a tradeToken', async () => {
    const { sim, connector } = setup();
    scripted(sim, order({ outTradeNo: 'O-3', status: 'PENDING', tradeToken: null }));
    const result = await connector.getPayment({ paymentId: 'O-3' });
    expect(result).not.toHaveProperty('providerReference');
  });

  it('an unknown order is payment_not_found', async () => {
    const { connector } = setup();
    const error = await rejection(
      connector.getPayment({ paymentId: 'NO-SUCH-ORDER' }),
      'payment_not_found',
    );
    expect(error).toMatchObject({
      providerCode: 'ORDER_NOT_EXIST',
      providerMessage: 'Order does not exist.',
    });
  });

  it('an answer about another order, or without data or status, is invalid_response', async () => {
    const { sim, connector } = setup();
    scripted(sim, order({ outTradeNo: 'ANOTHER', status: 'SUCCESS' }));
    await rejection(connector.getPayment({ paymentId: 'O-4' }), 'invalid_response');
    scripted(sim, { msg: 'Success.', code: 'APPLY_SUCCESS' });
    await rejection(connector.getPayment({ paymentId: 'O-4' }), 'invalid_response');
    scripted(sim, order({ outTradeNo: 'O-4' }));
    await rejection(connector.getPayment({ paymentId: 'O-4' }), 'invalid_response');
  });

  it('checks the answer signature as cancel does', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'custom', name: 'unsigned' });
    await rejection(connector.getPayment({ paymentId }), 'signature_invalid');
    sim.faults.inject({ type: 'custom', name: 'wrong-signature' });
    await rejection(connector.getPayment({ paymentId }), 'signature_invalid');
    const body = JSON.stringify(order({ outTradeNo: paymentId, status: 'PENDING' }));
    sim.faults.inject({
      type: 'status',
      status: 200,
      body: body.replace('PENDING', 'SUCCESS'),
      headers: { sign: sim.sign(body) },
    });
    await rejection(connector.getPayment({ paymentId }), 'signature_invalid');
    expect((await connector.getPayment({ paymentId })).status).toBe('authorized');
  });

  it('errors name no key', async () => {
    const { sim, connector } = setup();
    sim.faults.inject({ type: 'custom', name: 'wrong-signature' });
    const error = await rejection(
      connector.getPayment({ paymentId: sim.seedPayment() }),
      'signature_invalid',
    );
    expect(JSON.stringify(error)).not.toContain(keys.merchantPrivateKey);
    expect(error.message).not.toContain(keys.merchantPrivateKey);
  });
});

describe('getPayment does not confirm cancels', () => {
  it('an order whose cancel succeeded still answers SUCCESS, captureMode MANUAL', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId, requestId: 'void-1' });
    const cancelled = await connector.cancelPayment({ paymentId, requestId: 'void-1' });
    expect(cancelled.status).toBe('cancelled');
    expect(sim.getPayment(paymentId)?.status).toBe('CANCELLED');
    // orderQuery shows no cancel: the cancel's own answer (or notification) is the proof.
    const found = await connector.getPayment({ paymentId });
    expect(found).toMatchObject({ status: 'authorized', providerStatus: 'SUCCESS' });
    expect(sim.requests.map((r) => r.path.split('/').pop())).toEqual([
      'cancel',
      'cancel',
      'orderQuery',
    ]);
  });

  it('cancelPayment never calls orderQuery, not even for a refusal', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId, requestId: 'first-void' });
    await rejection(
      connector.cancelPayment({ paymentId, requestId: 'second-void' }),
      'already_cancelled',
    );
    expect(sim.requests.map((r) => r.path.split('/').pop())).toEqual(['cancel', 'cancel']);
  });
});
