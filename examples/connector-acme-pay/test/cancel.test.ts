import { hmacSha256Hex } from '@paykit/core/connector';
import { describe, expect, it } from 'vitest';
import { credentials, rejection, setup } from './helpers.js';

describe('acme-pay cancelPayment', () => {
  it('cancels an authorized payment, signing the exact body it sends', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ amount: '12.50', currency: 'EUR' });
    const result = await connector.cancelPayment({ paymentId, requestId: 'req-0001' });

    expect(result).toMatchObject({ status: 'cancelled', providerStatus: 'CANCELLED', paymentId });
    expect(result.amount).toEqual({ amount: 1250, currency: 'EUR' });
    expect(result.providerReference).toMatch(/^can_/);
    expect(sim.getPayment(paymentId)?.status).toBe('CANCELLED');
    const [request] = sim.requests;
    expect(request?.body).toBe('{"request_id":"req-0001"}');
    const timestamp = request?.headers['x-acme-pay-timestamp'] ?? '';
    const expected = await hmacSha256Hex(
      credentials.signingSecret,
      `${timestamp}.${request?.body}`,
    );
    expect(request?.headers['x-acme-pay-signature']).toBe(expected);
  });

  it('sends the reason of providerOptions, and refuses an unknown one before any request', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({
      paymentId,
      requestId: 'req-0002',
      providerOptions: { 'acme-pay': { reason: 'duplicate' } },
    });
    expect(sim.requests[0]?.body).toBe('{"request_id":"req-0002","reason":"duplicate"}');
    const error = await rejection(
      connector.cancelPayment({
        paymentId: sim.seedPayment(),
        providerOptions: { 'acme-pay': { reason: 'bored' } as never },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.join(' ')).toContain('reason');
    expect(sim.requests).toHaveLength(1);
  });

  it('maps the documented refusals, keeping the provider code', async () => {
    const { sim, connector } = setup();
    const cancelled = sim.seedPayment({ status: 'CANCELLED' });
    const captured = sim.seedPayment({ status: 'CAPTURED' });
    const late = sim.seedPayment({ cancellableUntil: Date.now() - 1 });

    const already = await rejection(connector.cancelPayment({ paymentId: cancelled }));
    expect([already.code, already.providerCode, already.httpStatus]).toEqual([
      'already_cancelled',
      'ALREADY_CANCELLED',
      409,
    ]);
    expect((await rejection(connector.cancelPayment({ paymentId: captured }))).code).toBe(
      'not_cancellable',
    );
    expect((await rejection(connector.cancelPayment({ paymentId: late }))).code).toBe(
      'cancel_window_expired',
    );
    expect((await rejection(connector.cancelPayment({ paymentId: 'pay_unknown' }))).code).toBe(
      'payment_not_found',
    );
  });

  it('answers a repeated request id with the first answer, and refuses it for another payment', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    const first = await connector.cancelPayment({ paymentId, requestId: 'req-0003' });
    const again = await connector.cancelPayment({ paymentId, requestId: 'req-0003' });
    expect(again).toMatchObject({
      status: 'cancelled',
      providerReference: first.providerReference,
    });
    const other = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment(), requestId: 'req-0003' }),
    );
    expect([other.code, other.providerCode]).toEqual(['duplicate_request', 'DUPLICATE_REQUEST']);
  });

  it('never resolves a cancel answered with a final state other than cancelled', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    sim.faults.inject({
      type: 'status',
      status: 200,
      body: JSON.stringify({ id: paymentId, status: 'CAPTURED' }),
    });
    const error = await rejection(connector.cancelPayment({ paymentId }));
    expect([error.code, error.providerCode]).toEqual(['not_cancellable', 'CAPTURED']);
  });

  it('confirms an unreadable answer with the status query', async () => {
    const { sim, connector } = setup({ maxRetries: 0 });
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'truncated' });
    const result = await connector.cancelPayment({ paymentId });
    expect(result).toMatchObject({ status: 'cancelled', providerStatus: 'CANCELLED' });
    expect(sim.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('refuses a wrong signing secret as authentication_failed without revealing it', async () => {
    const signingSecret = 'a-wrong-signing-secret-0000';
    const { sim, connector } = setup({ signingSecret });
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect([error.code, error.httpStatus]).toEqual(['authentication_failed', 401]);
    expect(JSON.stringify(error)).not.toContain(signingSecret);
  });

  it('refuses settings that are not valid with configuration_error, naming the field', () => {
    let error: unknown;
    try {
      setup({ signingSecret: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'configuration_error' });
    expect(String((error as Error).message)).toContain('signingSecret');
    expect(String((error as Error).message)).not.toContain('short');
  });
});
