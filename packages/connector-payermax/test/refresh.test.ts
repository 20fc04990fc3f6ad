import { describe, expect, it } from 'vitest';
import { nodeVerifies, rejection, setup } from './helpers.js';

const THREE_MINUTES = 3 * 60_000;

/** A connector clock that starts three minutes late, as if the first attempt was long ago. */
function lateThenOnTime() {
  let calls = 0;
  return () => (calls++ === 0 ? Date.now() - THREE_MINUTES : Date.now());
}

describe('the two-minute requestTime window', () => {
  it('the simulator refuses a requestTime more than two minutes off', async () => {
    for (const skew of [-THREE_MINUTES, THREE_MINUTES]) {
      const { sim, connector } = setup({}, { now: () => Date.now() + skew });
      const error = await rejection(
        connector.cancelPayment({ paymentId: sim.seedPayment() }),
        'provider_error',
      );
      expect(error.providerCode).toBe('REQ_TIME_OVER_TIME');
      expect(error.providerMessage).toBe('requestTime effective in two minutes');
    }
  });

  it('a retry later than the refresh age gets a fresh requestTime and signature, same requestId', async () => {
    // refreshAfterMs 0: every retry counts as late; the first body carries a stale requestTime.
    const { sim, connector } = setup(
      {},
      { now: lateThenOnTime(), refreshAfterMs: 0, retryBaseDelayMs: 20 },
    );
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'status', status: 503 });
    const result = await connector.cancelPayment({ paymentId, requestId: 'refresh-1' });
    expect(result.status).toBe('pending');

    const [first, second] = sim.requests;
    expect(sim.requests).toHaveLength(2);
    const a = JSON.parse(first!.body);
    const b = JSON.parse(second!.body);
    expect(Date.parse(b.requestTime) - Date.parse(a.requestTime)).toBeGreaterThanOrEqual(
      THREE_MINUTES,
    );
    expect(b.data).toEqual(a.data);
    expect(b.data.requestId).toBe('refresh-1');
    expect(second!.headers.sign).not.toBe(first!.headers.sign);
    // Each signature covers the bytes it was sent with, never the other body.
    expect(nodeVerifies(first!.body, first!.headers.sign!)).toBe(true);
    expect(nodeVerifies(second!.body, second!.headers.sign!)).toBe(true);
    expect(nodeVerifies(second!.body, first!.headers.sign!)).toBe(false);
  });

  it('without a refresh the stale body would be resent and refused', async () => {
    // Same late first body, default refresh age (90 s): the retry within milliseconds is identical.
    const { sim, connector } = setup({}, { now: lateThenOnTime() });
    sim.faults.inject({ type: 'status', status: 503 });
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment(), requestId: 'stale-1' }),
      'provider_error',
    );
    expect(error.providerCode).toBe('REQ_TIME_OVER_TIME');
    expect(sim.requests[1]!.body).toBe(sim.requests[0]!.body);
  });
});
