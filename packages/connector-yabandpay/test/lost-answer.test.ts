import { describe, expect, it } from 'vitest';
import { createYabandPay } from '../src/index.js';
import { createYabandPaySimulator } from '../src/testing/index.js';
import { rejection, SECRET, TID } from './helpers.js';

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

  it('still rejects with duplicate_request when the lookup does not show the payment cancelled', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET, tid: TID });
    const tradeId = sim.seedPayment({ state: 'paid' });
    // The request id was used before, by another call: the first attempt is itself refused.
    const other = sim.seedPayment({ state: 'paid' });
    const plain = createYabandPay({ secretKey: SECRET, tid: TID, fetch: sim.fetch });
    await plain.cancelPayment({ paymentId: other, requestId: 'reusedRequest0001abcdefghij' });

    const connector = createYabandPay({
      secretKey: SECRET,
      tid: TID,
      fetch: losingFirstAnswer(sim),
      retryBaseDelayMs: 1,
    });
    const error = await rejection(
      connector.cancelPayment({ paymentId: tradeId, requestId: 'reusedRequest0001abcdefghij' }),
    );
    expect(error.code).toBe('duplicate_request');
    expect(error.providerCode).toBe('-3002');
    expect(sim.getPayment(tradeId)?.state).toBe('paid');
  });

  it('does not look anything up for a -3002 on the first attempt', async () => {
    const sim = createYabandPaySimulator({ secretKey: SECRET, tid: TID });
    const connector = createYabandPay({ secretKey: SECRET, tid: TID, fetch: sim.fetch });
    const first = sim.seedPayment({ state: 'paid' });
    const second = sim.seedPayment({ state: 'paid' });
    await connector.cancelPayment({ paymentId: first, requestId: 'sameRequest0001abcdefghijkl' });
    const before = sim.requests.length;
    const error = await rejection(
      connector.cancelPayment({ paymentId: second, requestId: 'sameRequest0001abcdefghijkl' }),
    );
    expect(error.code).toBe('duplicate_request');
    expect(sim.requests.length - before).toBe(1);
  });
});
