import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createYabandPay } from '../src/index.js';
import {
  createYabandPaySimulator,
  DEFAULT_SIMULATOR_SECRET_KEY,
  DEFAULT_SIMULATOR_TID,
  STATE_CODES,
  silentCancelDeadline,
} from '../src/testing/index.js';
import { SECRET, TID } from './helpers.js';

const URL_ = 'https://mapi.yabandpay.com/Payments';

function signed(
  fields: { user: string; method: string; time: number; data: Record<string, unknown> },
  key = SECRET,
) {
  const flat: Record<string, unknown> = {
    user: fields.user,
    method: fields.method,
    time: fields.time,
    ...fields.data,
  };
  const text = Object.keys(flat)
    .sort()
    .map((k) => `${k}=${String(flat[k])}`)
    .join('&');
  return { ...fields, sign: createHmac('sha256', key).update(text).digest('hex') };
}

async function post(sim: ReturnType<typeof createYabandPaySimulator>, body: unknown) {
  const response = await sim.fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const reversal = (tradeId: string, requestId = 'simReq0123456789abcdefghijkl') =>
  signed({
    user: TID,
    method: 'v3.POSReversal',
    time: 1_700_000_000,
    data: { tid: TID, trade_id: tradeId, request_id: requestId },
  });

describe('the YabandPay simulator', () => {
  it('answers the seed success body for a reversal', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET, tid: TID });
    const tradeId = sim.seedPayment({
      amount: '0.10',
      currency: 'EUR',
      description: 'YabandPay test',
    });
    const { status, body } = await post(sim, reversal(tradeId));
    expect(status).toBe(200);
    expect(body).toEqual({
      status: true,
      code: '200',
      data: {
        type: 'payment',
        user: TID,
        amount: '0.10',
        currency: 'EUR',
        trade_id: tradeId,
        description: 'YabandPay test',
        order_id: expect.stringMatching(/^\d{18}$/),
        createDate: expect.stringMatching(/^\d{10}$/),
        demo: 'test',
        transaction_id: '',
        state: 'cancelled',
      },
      message: '',
    });
  });

  it('refuses a wrong signature with code -1 "Signature error" and changes nothing', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET });
    const tradeId = sim.seedPayment();
    const request = { ...reversal(tradeId), sign: 'f'.repeat(64) };
    expect((await post(sim, request)).body).toMatchObject({
      status: false,
      code: '-1',
      message: 'Signature error',
    });
    const otherKey = signed(
      { ...reversal(tradeId), data: reversal(tradeId).data },
      'another-key-123456789',
    );
    expect((await post(sim, otherKey)).body.code).toBe('-1');
    const tampered = { ...reversal(tradeId), time: 1_700_000_001 };
    expect((await post(sim, tampered)).body.code).toBe('-1');
    expect(sim.getPayment(tradeId)?.state).toBe('paid');
  });

  it('checks the required fields (-3001)', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET });
    const tradeId = sim.seedPayment();
    const full = reversal(tradeId);
    const { request_id: _r, ...noRequestId } = full.data;
    const variants: unknown[] = [
      'not json',
      '[]',
      { ...full, user: undefined },
      { ...full, sign: '' },
      { ...full, method: undefined },
      { ...full, time: '1700000000' },
      { ...full, data: undefined },
      signed({ user: TID, method: 'v3.POSReversal', time: 1, data: noRequestId }),
      signed({ user: TID, method: 'v3.POSCancel', time: 1, data: { tid: TID, trade_id: tradeId } }),
      signed({ user: TID, method: 'v3.CancelPayment', time: 1, data: {} }),
      signed({ user: TID, method: 'v3.QueryOrder', time: 1, data: { trade_id: '' } }),
    ];
    for (const variant of variants) {
      expect((await post(sim, variant)).body).toMatchObject({
        status: false,
        code: '-3001',
        message: 'Required field is missing',
      });
    }
    expect(sim.getPayment(tradeId)?.state).toBe('paid');
  });

  it('refuses a reused request_id (-3002), whatever the payment', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET });
    const a = sim.seedPayment();
    const b = sim.seedPayment();
    expect((await post(sim, reversal(a, 'dup0123456789abcdefghijklmn'))).body.status).toBe(true);
    const again = await post(sim, reversal(b, 'dup0123456789abcdefghijklmn'));
    expect(again.body).toMatchObject({
      status: false,
      code: '-3002',
      message: 'duplicate request_id',
    });
    expect(sim.getPayment(b)?.state).toBe('paid');
  });

  it('answers an unknown method with code -1', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET });
    const body = signed({ user: TID, method: 'v3.Refund', time: 1, data: { trade_id: 'x' } });
    expect((await post(sim, body)).body).toMatchObject({
      status: false,
      code: '-1',
      message: 'Unsupported method',
    });
  });

  it('answers 404 outside POST /Payments', async () => {
    const sim = createYabandPaySimulator();
    expect(
      (await sim.fetch('https://mapi.yabandpay.com/Other', { method: 'POST', body: '{}' })).status,
    ).toBe(404);
    expect((await sim.fetch(URL_)).status).toBe(404);
  });

  it('lets POSCancel cancel pending, processing and verify orders only', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET });
    const cancel = (tradeId: string, requestId: string) =>
      post(
        sim,
        signed({
          user: TID,
          method: 'v3.POSCancel',
          time: 1,
          data: { tid: TID, trade_id: tradeId, request_id: requestId },
        }),
      );
    let n = 0;
    for (const state of ['pending', 'processing', 'verify'] as const) {
      const id = sim.seedPayment({ state });
      expect((await cancel(id, `posCancel${n++}abcdefghijklmnopqrstu`)).body.data.state).toBe(
        'cancelled',
      );
    }
    for (const state of ['paid', 'authorized', 'declined', 'failed'] as const) {
      const id = sim.seedPayment({ state });
      expect((await cancel(id, `posCancel${n++}abcdefghijklmnopqrstu`)).body.code).toBe('-4115');
    }
    expect(
      (await cancel(sim.seedPayment({ state: 'cancelled' }), 'posCancelXabcdefghijklmnopqrst')).body
        .code,
    ).toBe('-4116');
    expect(
      (await cancel(sim.seedPayment({ state: 'expired' }), 'posCancelYabcdefghijklmnopqrst')).body
        .code,
    ).toBe('-4117');
  });

  it('computes the silent-cancel deadline as 00:30 CET the next day', () => {
    expect(silentCancelDeadline(Date.UTC(2024, 2, 5, 12, 0))).toBe(Date.UTC(2024, 2, 5, 23, 30));
    // 23:30 UTC is already 00:30 CET on the next day: that payment belongs to the 6th.
    expect(silentCancelDeadline(Date.UTC(2024, 2, 5, 23, 30))).toBe(Date.UTC(2024, 2, 6, 23, 30));
  });

  it('answers QueryOrder with the two-digit state codes', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET });
    for (const [state, code] of Object.entries(STATE_CODES)) {
      const tradeId = sim.seedPayment({ state: state as keyof typeof STATE_CODES });
      const { body } = await post(
        sim,
        signed({ user: TID, method: 'v3.QueryOrder', time: 1, data: { trade_id: tradeId } }),
      );
      expect(body).toMatchObject({
        status: true,
        code: '200',
        data: { transaction_info: { state: code, trade_id: tradeId } },
      });
    }
  });

  it('seeds demo payments in every state, lists them and hands out copies', () => {
    const sim = createYabandPaySimulator();
    const ids = sim.seedDemoPayments();
    const listed = sim.listPayments();
    expect(listed.map((p) => p.tradeId)).toEqual(ids);
    expect(new Set(listed.map((p) => p.state))).toEqual(new Set(Object.keys(STATE_CODES)));
    expect(listed.some((p) => p.cleared)).toBe(true);
    expect(listed.some((p) => p.refunded)).toBe(true);
    const copy = sim.getPayment(ids[0]!)!;
    copy.state = 'cancelled';
    expect(sim.getPayment(ids[0]!)?.state).toBe('paid');
    expect(sim.getPayment('nope')).toBeUndefined();
  });

  it('has working defaults and serves over loopback HTTP', async () => {
    const sim = createYabandPaySimulator();
    expect(sim.secretKey).toBe(DEFAULT_SIMULATOR_SECRET_KEY);
    expect(sim.tid).toBe(DEFAULT_SIMULATOR_TID);
    const server = await sim.listen();
    try {
      const connector = createYabandPay({
        secretKey: sim.secretKey,
        tid: sim.tid,
        baseUrl: server.url,
      });
      const tradeId = sim.seedPayment();
      expect((await connector.cancelPayment({ paymentId: tradeId })).status).toBe('cancelled');
      expect((await connector.getPayment({ paymentId: tradeId })).providerStatus).toBe('08');
    } finally {
      await server.close();
    }
  });

  it('builds notifications for its payments, and refuses unknown ones', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET });
    const tradeId = sim.seedPayment({ state: 'pending', amount: '7.40' });
    const notification = JSON.parse(await sim.notificationFor(tradeId));
    expect(notification.data).toMatchObject({
      trade_id: tradeId,
      state: '02',
      amount: '7.40',
      currency: 'EUR',
    });
    const text = Object.keys(notification.data)
      .sort()
      .map((k) => `${k}=${notification.data[k]}`)
      .join('&');
    expect(notification.sign).toBe(createHmac('sha256', SECRET).update(text).digest('hex'));
    await expect(sim.notificationFor('nope')).rejects.toThrow(/no payment/);
  });
});
