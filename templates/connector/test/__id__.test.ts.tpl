import { hmacSha256Hex, PaykitError } from '@paykit/core';
import { runConformanceSuite } from '@paykit/core/testing';
import { describe, expect, it } from 'vitest';
import { type {{Name}}Settings, create{{Name}} } from '../src/index.js';
import { {{NAME}}_TEST_CREDENTIALS, create{{Name}}Simulator } from '../src/testing/index.js';

const credentials = {{NAME}}_TEST_CREDENTIALS;

// The behaviour every paykit connector must show, run against this connector's simulator.
await runConformanceSuite({
  createSimulator: () => create{{Name}}Simulator(),
  createConnector: (_sim, overrides) => create{{Name}}({ ...credentials, ...overrides }),
  seedCancellable: (sim) => sim.seedPayment({ status: 'AUTHORIZED' }),
  secrets: [credentials.apiKey, credentials.signingSecret],
});

function setup(settings: Partial<{{Name}}Settings> = {}) {
  const sim = create{{Name}}Simulator();
  const connector = create{{Name}}({
    ...credentials,
    fetch: sim.fetch,
    retryBaseDelayMs: 1,
    ...settings,
  });
  return { sim, connector };
}

async function rejection(promise: Promise<unknown>): Promise<PaykitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!PaykitError.isInstance(error))
    throw new Error(`expected a PaykitError, got ${String(error)}`);
  return error;
}

describe('{{id}} connector', () => {
  it('cancels an authorized payment, signing the exact body it sends', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ amount: '12.50', currency: 'EUR' });
    const result = await connector.cancelPayment({ paymentId, requestId: 'req-0001' });

    expect(result).toMatchObject({ status: 'cancelled', providerStatus: 'CANCELLED', paymentId });
    expect(result.amount).toEqual({ amount: 1250, currency: 'EUR' });
    expect(sim.getPayment(paymentId)?.status).toBe('CANCELLED');
    const [request] = sim.requests;
    expect(request?.body).toBe('{"request_id":"req-0001"}');
    const timestamp = request?.headers['x-{{id}}-timestamp'] ?? '';
    const expected = await hmacSha256Hex(
      credentials.signingSecret,
      `${timestamp}.${request?.body}`,
    );
    expect(request?.headers['x-{{id}}-signature']).toBe(expected);
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

  it('refuses a wrong signing secret as authentication_failed without revealing it', async () => {
    const signingSecret = 'a-wrong-signing-secret-0000';
    const { sim, connector } = setup({ signingSecret });
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect([error.code, error.providerCode]).toEqual([
      'authentication_failed',
      'INVALID_SIGNATURE',
    ]);
    expect(JSON.stringify(error)).not.toContain(signingSecret);
  });

  it('reads a payment, mapping an undocumented status to pending', async () => {
    const { sim, connector } = setup();
    const captured = await connector.getPayment?.({
      paymentId: sim.seedPayment({ status: 'CAPTURED' }),
    });
    expect(captured).toMatchObject({ status: 'succeeded', providerStatus: 'CAPTURED' });
    const odd = sim.seedPayment({ status: 'ON_HOLD' as never });
    expect(await connector.getPayment?.({ paymentId: odd })).toMatchObject({ status: 'pending' });
  });
});
