import { describe, expect, it } from 'vitest';
import { rejection, setup } from './helpers.js';

const charge = {
  country: 'BR',
  paymentMethod: 'PIX_DYNAMIC_QR',
  transferStatus: 'IN_PROGRESS',
} as const;

function cancels(sim: ReturnType<typeof setup>['sim']) {
  return sim.requests.filter((r) => r.path.includes('/cancel/')).length;
}

describe('cancelPayment: outcomes an answer does not prove are confirmed with GET /charges', () => {
  it('a retry answered "already cancelled" after a lost answer resolves cancelled, confirmed by GET', async () => {
    const { sim, liquido } = setup();
    const key = sim.seedCharge(charge);
    await liquido.getPayment({ paymentId: sim.seedCharge(charge) }); // the token, first
    // Liquido cancels, the answer is lost; the retry meets the cancelled charge.
    sim.faults.inject({ type: 'lost' });
    const result = await liquido.cancelPayment({ paymentId: key, requestId: 'req-lost-1' });
    expect(result).toMatchObject({
      status: 'cancelled',
      paymentId: key,
      requestId: 'req-lost-1',
      providerStatus: 'CANCELLED',
    });
    const paths = sim.requests.slice(-3).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      `POST /v1/payments/charges/cancel/${key}`,
      `POST /v1/payments/charges/cancel/${key}`,
      `GET /v1/payments/charges/${key}`,
    ]);
    expect(sim.getCharge(key)?.transferStatus).toBe('CANCELLED');
  });

  it('the same for a PayCash reference', async () => {
    const { sim, liquido } = setup();
    const key = sim.seedReference();
    await liquido.getPayment({ paymentId: key });
    sim.faults.inject({ type: 'lost' });
    const result = await liquido.cancelPayment({
      paymentId: key,
      providerOptions: { liquido: { target: 'reference' } },
    });
    expect(result.status).toBe('cancelled');
    expect(result.providerStatus).toBe('CANCELLED');
  });

  it('"already cancelled" on the first attempt stays already_cancelled, with no lookup', async () => {
    const { sim, liquido } = setup();
    const key = sim.seedCharge({ ...charge, transferStatus: 'CANCELLED' });
    await liquido.getPayment({ paymentId: key });
    const before = sim.requests.length;
    const error = await rejection(liquido.cancelPayment({ paymentId: key }), 'already_cancelled');
    expect(error.httpStatus).toBe(400);
    expect(sim.requests.length - before).toBe(1);
  });

  it('a retry answered "already cancelled" that GET shows settled is refused with that state', async () => {
    const { sim } = setup();
    const key = sim.seedCharge({ ...charge, transferStatus: 'SETTLED' });
    // A proxy that loses the first answer, then claims "already cancelled": GET must decide.
    let posts = 0;
    const lying = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && request.url.includes('/cancel/')) {
        posts++;
        if (posts === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
        return Response.json(
          { transferStatusCode: 400, transferErrorMsg: 'The payment has already been cancelled.' },
          { status: 400 },
        );
      }
      return sim.fetch(request);
    };
    const { liquido } = setup({ fetch: lying });
    const error = await rejection(liquido.cancelPayment({ paymentId: key }), 'not_cancellable');
    expect(error.providerCode).toBe('SETTLED');
    expect(error.message).toContain('already been cancelled');
    expect(error.message).toContain('SETTLED');
    expect(posts).toBe(2);
    expect(cancels(sim)).toBe(0);
  });

  it('a retry answered "already cancelled" while GET still shows the charge in progress is pending', async () => {
    const { sim } = setup();
    const key = sim.seedCharge(charge);
    let posts = 0;
    const slow = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && request.url.includes('/cancel/') && ++posts <= 2) {
        if (posts === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
        return Response.json(
          { transferStatusCode: 400, transferErrorMsg: 'Payment is cancelled already' },
          { status: 400 },
        );
      }
      return sim.fetch(request);
    };
    const { liquido } = setup({ fetch: slow });
    const result = await liquido.cancelPayment({ paymentId: key, requestId: 'req-moving' });
    expect(result).toMatchObject({ status: 'pending', providerStatus: 'IN_PROGRESS' });
  });

  it('a lookup that fails rejects with its own, retryable error, never a refusal', async () => {
    const { sim } = setup();
    const key = sim.seedCharge(charge);
    let posts = 0;
    const flaky = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === 'GET') {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      }
      if (request.url.includes('/cancel/') && ++posts === 1) {
        await sim.fetch(request);
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return sim.fetch(request);
    };
    const { liquido } = setup({ fetch: flaky, maxRetries: 1 });
    const error = await rejection(liquido.cancelPayment({ paymentId: key }), 'network_error');
    expect(error.retryable).toBe(true);
    expect(sim.getCharge(key)?.transferStatus).toBe('CANCELLED');
  });
});
