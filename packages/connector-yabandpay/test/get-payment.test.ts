import { describe, expect, it } from 'vitest';
import type { SimPaymentState } from '../src/testing/index.js';
import { answer, rejection, sentBody, setup, TID } from './helpers.js';

describe('getPayment (v3.QueryOrder)', () => {
  const states: [SimPaymentState, string, string][] = [
    ['paid', '00', 'succeeded'],
    ['authorized', '01', 'authorized'],
    ['pending', '02', 'pending'],
    ['processing', '03', 'pending'],
    ['verify', '04', 'pending'],
    ['declined', '05', 'failed'],
    ['failed', '06', 'failed'],
    ['expired', '07', 'expired'],
    ['cancelled', '08', 'cancelled'],
  ];
  for (const [state, code, status] of states) {
    it(`a ${state} payment answers ${code} → ${status}`, async () => {
      const { sim, connector } = setup();
      const paymentId = sim.seedPayment({ state, amount: '12.34', currency: 'EUR', orderId: '42' });
      const result = await connector.getPayment({ paymentId });
      expect(result).toEqual({
        connector: 'yabandpay',
        paymentId,
        status,
        providerStatus: code,
        providerReference: '42',
        amount: { amount: 1234, currency: 'EUR' },
        raw: expect.objectContaining({ status: true, code: '200' }),
      });
    });
  }

  it('sends a signed v3.QueryOrder with data { trade_id }', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.getPayment({ paymentId });
    const body = sentBody(sim.requests[0]!.body);
    expect(body).toMatchObject({
      user: TID,
      method: 'v3.QueryOrder',
      data: { trade_id: paymentId },
    });
    expect(Object.keys(body.data)).toEqual(['trade_id']);
  });

  it('follows a cancel', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    expect((await connector.getPayment({ paymentId })).status).toBe('succeeded');
    await connector.cancelPayment({ paymentId });
    expect((await connector.getPayment({ paymentId })).status).toBe('cancelled');
  });

  it('takes the tid from providerOptions and ignores cancel-only options', async () => {
    const { sim, connector } = setup({ tid: undefined });
    const paymentId = sim.seedPayment();
    await connector.getPayment({
      paymentId,
      providerOptions: { yabandpay: { tid: 'T777', method: 'silent' } },
    });
    expect(sentBody(sim.requests[0]!.body).user).toBe('T777');
  });

  it('an unknown trade_id → payment_not_found (-4114)', async () => {
    const { connector } = setup();
    const error = await rejection(connector.getPayment({ paymentId: 'unknown-trade' }));
    expect(error).toMatchObject({ code: 'payment_not_found', providerCode: '-4114' });
  });

  it('reads state words too, and an unknown state is pending', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    const info = (state: string) =>
      answer({ status: true, code: '200', data: { transaction_info: { state } } });
    sim.faults.inject(info('paid'));
    expect(await connector.getPayment({ paymentId })).toMatchObject({
      status: 'succeeded',
      providerStatus: 'paid',
    });
    sim.faults.inject(info('cancelled'));
    expect((await connector.getPayment({ paymentId })).status).toBe('cancelled');
    sim.faults.inject(info('99'));
    expect((await connector.getPayment({ paymentId })).status).toBe('pending');
    sim.faults.inject(info('refunded-ish'));
    const unknown = await connector.getPayment({ paymentId });
    expect(unknown.status).toBe('pending');
    expect(unknown.amount).toBeUndefined();
  });

  it('an answer without transaction_info → invalid_response', async () => {
    const { sim, connector } = setup();
    sim.faults.inject(answer({ status: true, code: '200', data: { state: '00' } }));
    const error = await rejection(connector.getPayment({ paymentId: sim.seedPayment() }));
    expect(error.code).toBe('invalid_response');
  });

  it('an answer about another trade → invalid_response', async () => {
    const { sim, connector } = setup();
    sim.faults.inject(
      answer({
        status: true,
        code: '200',
        data: { transaction_info: { state: '00', trade_id: 'x' } },
      }),
    );
    const error = await rejection(connector.getPayment({ paymentId: sim.seedPayment() }));
    expect(error.code).toBe('invalid_response');
  });

  for (const [name, input] of [
    ['no input', undefined],
    ['an empty id', { paymentId: '' }],
    ['a path trick', { paymentId: '../x' }],
    ['a bad tid', { paymentId: 'abc', providerOptions: { yabandpay: { tid: 'a b' } } }],
  ] as const) {
    it(`${name} → invalid_request before any request`, async () => {
      const { sim, connector } = setup();
      const error = await rejection(connector.getPayment(input as never));
      expect(error.code).toBe('invalid_request');
      expect(sim.requests).toHaveLength(0);
    });
  }

  it('no terminal id → invalid_request before any request', async () => {
    const { sim, connector } = setup({ tid: undefined });
    const error = await rejection(connector.getPayment({ paymentId: sim.seedPayment() }));
    expect(error.code).toBe('invalid_request');
    expect(sim.requests).toHaveLength(0);
  });
});
