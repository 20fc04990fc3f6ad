import { describe, expect, it } from 'vitest';
import { createYabandPay } from '../src/index.js';
import { createYabandPaySimulator } from '../src/testing/index.js';
import { rejection, SECRET, setup, TID } from './helpers.js';

/**
 * A fetch in front of the simulator that lets the first request through and then loses its
 * answer, as a connection dropped mid-answer does: the simulator acted, the caller never heard.
 */
function losingFirstAnswer(sim: ReturnType<typeof createYabandPaySimulator>) {
  let calls = 0;
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await sim.fetch(input, init);
    if (++calls === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    return response;
  };
}

describe('cancelPayment: an answer lost on the way back', () => {
  it('confirms through v3.QueryOrder that the first attempt cancelled, rather than failing with -3002', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET, tid: TID });
    const connector = createYabandPay({
      secretKey: SECRET,
      tid: TID,
      fetch: losingFirstAnswer(sim),
      retryBaseDelayMs: 1,
    });
    const tradeId = sim.seedPayment({ state: 'paid', amount: '12.50', currency: 'EUR' });

    const result = await connector.cancelPayment({
      paymentId: tradeId,
      requestId: 'lostAnswer0001abcdefghijkl',
    });

    expect(result).toMatchObject({
      status: 'cancelled',
      paymentId: tradeId,
      requestId: 'lostAnswer0001abcdefghijkl',
      amount: { amount: 1250, currency: 'EUR' },
    });
    const methods = sim.requests.map((r) => JSON.parse(r.body).method);
    expect(methods).toEqual(['v3.POSReversal', 'v3.POSReversal', 'v3.QueryOrder']);
    expect(sim.requests[1]!.body).toBe(sim.requests[0]!.body);
  });

  it('confirms every -3002, also on the first attempt: the merchant retrying after a late answer', async () => {
    const { sim, connector } = setup({ timeoutMs: 2_000, maxRetries: 0 });
    const tradeId = sim.seedPayment({ state: 'paid', amount: '4.20' });
    const requestId = 'lateAnswer0001abcdefghijklm';
    // YabandPay reverses at once but answers after the client gave up.
    sim.faults.inject({ type: 'late', ms: 30_000 });
    const first = await rejection(connector.cancelPayment({ paymentId: tradeId, requestId }));
    expect(first.code).toBe('timeout');
    expect(sim.getPayment(tradeId)?.state).toBe('cancelled');

    const before = sim.requests.length;
    const result = await connector.cancelPayment({ paymentId: tradeId, requestId });
    expect(result).toMatchObject({ status: 'cancelled', requestId, providerStatus: '08' });
    expect(result.amount).toEqual({ amount: 420, currency: 'EUR' });
    const methods = sim.requests.slice(before).map((r) => JSON.parse(r.body).method);
    expect(methods).toEqual(['v3.POSReversal', 'v3.QueryOrder']);
  });

  // The terminal takes 15 s, far longer than the 2 s timeout and the retry after it, however
  // loaded the machine: the retry sees the reversal under way.
  it('resolves pending while the terminal still runs the reversal, cancelled once it is done', {
    timeout: 60_000,
  }, async () => {
    const { sim, connector } = setup({ timeoutMs: 2_000, maxRetries: 0 });
    const tradeId = sim.seedPayment({ state: 'paid', reversalMs: 15_000 });
    const requestId = 'reversing0001abcdefghijklmn';
    expect((await rejection(connector.cancelPayment({ paymentId: tradeId, requestId }))).code).toBe(
      'timeout',
    );
    // -3002, and QueryOrder still says 00 (paid): the reversal is under way, not refused.
    const moving = await connector.cancelPayment({ paymentId: tradeId, requestId });
    expect(moving).toMatchObject({ status: 'pending', providerStatus: '00', requestId });
    await expect
      .poll(() => sim.getPayment(tradeId)?.state, { timeout: 40_000, interval: 50 })
      .toBe('cancelled');
    const done = await connector.cancelPayment({ paymentId: tradeId, requestId });
    expect(done).toMatchObject({ status: 'cancelled', providerStatus: '08' });
  });

  it.each([
    ['declined', '05'],
    ['failed', '06'],
    ['expired', '07'],
    ['authorized', '01'],
  ] as const)(
    'rejects a -3002 whose QueryOrder shows %s (%s) with that state',
    async (state, code) => {
      const { sim, connector } = setup();
      const used = sim.seedPayment({ state: 'paid' });
      await connector.cancelPayment({ paymentId: used, requestId: 'usedBefore0001abcdefghijkl' });
      const tradeId = sim.seedPayment({ state });
      const error = await rejection(
        connector.cancelPayment({ paymentId: tradeId, requestId: 'usedBefore0001abcdefghijkl' }),
      );
      expect(error.code).toBe('not_cancellable');
      expect(error.providerCode).toBe(code);
      expect(error.message).toContain('-3002');
      expect(sim.getPayment(tradeId)?.state).toBe(state);
    },
  );

  it('resolves pending, not a refusal, for a -3002 whose QueryOrder shows the payment still paid', async () => {
    const { sim, connector } = setup();
    const first = sim.seedPayment({ state: 'paid' });
    const second = sim.seedPayment({ state: 'paid' });
    await connector.cancelPayment({ paymentId: first, requestId: 'sameRequest0001abcdefghijkl' });
    const before = sim.requests.length;
    const result = await connector.cancelPayment({
      paymentId: second,
      requestId: 'sameRequest0001abcdefghijkl',
    });
    // Not proven either way: a reversal with this id may still be running on the terminal.
    expect(result).toMatchObject({ status: 'pending', providerStatus: '00' });
    expect(sim.requests.slice(before).map((r) => JSON.parse(r.body).method)).toEqual([
      'v3.POSReversal',
      'v3.QueryOrder',
    ]);
    expect(sim.getPayment(second)?.state).toBe('paid');
  });

  it('confirms -4116 (already cancelled) when it answers a retry; on a first attempt it stands', async () => {
    const { sim } = setup();
    const tradeId = sim.seedPayment({ state: 'paid' });
    // The silent cancel has no request_id: its retry after a lost answer meets -4116.
    const lossy = createYabandPay({
      secretKey: SECRET,
      tid: TID,
      fetch: losingFirstAnswer(sim),
      retryBaseDelayMs: 1,
    });
    const result = await lossy.cancelPayment({
      paymentId: tradeId,
      providerOptions: { yabandpay: { method: 'silent' } },
    });
    expect(result).toMatchObject({ status: 'cancelled', providerStatus: '08' });

    const plain = createYabandPay({ secretKey: SECRET, tid: TID, fetch: sim.fetch });
    const error = await rejection(
      plain.cancelPayment({
        paymentId: tradeId,
        providerOptions: { yabandpay: { method: 'silent' } },
      }),
    );
    expect(error.code).toBe('already_cancelled');
    expect(error.providerCode).toBe('-4116');
  });

  it('a lookup that cannot be made rejects with its own error, never duplicate_request', async () => {
    const { sim } = setup();
    const first = sim.seedPayment({ state: 'paid' });
    const plain = createYabandPay({ secretKey: SECRET, tid: TID, fetch: sim.fetch });
    await plain.cancelPayment({ paymentId: first, requestId: 'queryFails0001abcdefghijkl' });
    const noQuery = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const body = await request.clone().text();
      if (body.includes('v3.QueryOrder')) {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return sim.fetch(request);
    };
    const connector = createYabandPay({
      secretKey: SECRET,
      tid: TID,
      fetch: noQuery,
      retryBaseDelayMs: 1,
    });
    const error = await rejection(
      connector.cancelPayment({ paymentId: first, requestId: 'queryFails0001abcdefghijkl' }),
    );
    expect(error.code).toBe('network_error');
    expect(error.retryable).toBe(true);
  });
});
