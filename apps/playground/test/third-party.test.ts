import { PaykitError } from '@paykit/core';
import { runConformanceSuite } from '@paykit/core/testing';
import { describe, expect, it } from 'vitest';
import {
  ACME_ERROR_CODES,
  createAcmePay,
  createAcmePaySimulator,
} from '../src/third-party/index.js';

const apiKey = 'sk_test_thirdparty0001';
const signingSecret = 'whsec_third_party_signing_0001';

// The suite every built-in connector passes, run on a connector core knows nothing about.
await runConformanceSuite({
  createSimulator: () => createAcmePaySimulator({ apiKey, signingSecret }),
  createConnector: (_sim, overrides) => createAcmePay({ apiKey, signingSecret, ...overrides }),
  seedCancellable: (sim) => sim.seedPayment(),
  secrets: [apiKey, signingSecret],
  invalidPaymentIds: ['../etc', 'a/b', 'a?b', 'a#b', 'a b'],
});

function setup() {
  const sim = createAcmePaySimulator({ apiKey, signingSecret });
  const acme = createAcmePay({ apiKey, signingSecret, fetch: sim.fetch, retryBaseDelayMs: 1 });
  return { sim, acme };
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PaykitError.isInstance(error)).toBe(true);
  return error as PaykitError;
}

describe('acme-pay, a third-party connector on core alone', () => {
  it('voids an authorization and signs the exact body it sends', async () => {
    const { sim, acme } = setup();
    const id = sim.seedPayment({ amount: 1234, currency: 'EUR' });
    const result = await acme.cancelPayment({ paymentId: id, requestId: 'req-0001' });
    expect(result).toMatchObject({
      status: 'cancelled',
      providerStatus: 'voided',
      amount: { amount: 1234, currency: 'EUR' },
    });
    expect(sim.getPayment(id)?.state).toBe('voided');
    const sent = sim.requests[0]!;
    expect(sent.body).toBe('{"request_id":"req-0001"}');
    expect(sent.headers['acme-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it.each([
    ['voided', 'already_cancelled', 'payment_already_voided'],
    ['captured', 'not_cancellable', 'payment_not_voidable'],
    ['refunded', 'not_cancellable', 'payment_not_voidable'],
    ['expired', 'not_cancellable', 'payment_expired'],
  ] as const)('maps a %s payment to %s', async (state, code, providerCode) => {
    const { sim, acme } = setup();
    const error = await codeOf(acme.cancelPayment({ paymentId: sim.seedPayment({ state }) }));
    expect(error).toMatchObject({ code, providerCode, httpStatus: 409 });
    expect(error.message).toContain(providerCode);
  });

  it('maps an old authorization, an unknown payment and a reused request id', async () => {
    const { sim, acme } = setup();
    const old = sim.seedPayment({ createdAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) });
    expect((await codeOf(acme.cancelPayment({ paymentId: old }))).code).toBe(
      'cancel_window_expired',
    );
    expect((await codeOf(acme.cancelPayment({ paymentId: 'acme_missing' }))).code).toBe(
      'payment_not_found',
    );
    await acme.cancelPayment({ paymentId: sim.seedPayment(), requestId: 'shared-id' });
    const reused = await codeOf(
      acme.cancelPayment({ paymentId: sim.seedPayment(), requestId: 'shared-id' }),
    );
    expect(reused.code).toBe('duplicate_request');
  });

  it('is refused with a wrong signing secret or API key, without showing either', async () => {
    const sim = createAcmePaySimulator({ apiKey, signingSecret });
    const wrongSecret = createAcmePay({
      apiKey,
      signingSecret: 'whsec_wrong_but_long_enough',
      fetch: sim.fetch,
    });
    const error = await codeOf(wrongSecret.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(error).toMatchObject({
      code: 'authentication_failed',
      providerCode: 'invalid_signature',
    });
    expect(JSON.stringify(error)).not.toContain('whsec_wrong_but_long_enough');
    const wrongKey = createAcmePay({
      apiKey: 'sk_test_wrongkey000',
      signingSecret,
      fetch: sim.fetch,
    });
    const keyError = await codeOf(wrongKey.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(keyError.providerCode).toBe('invalid_api_key');
  });

  it('checks its options and says what is wrong before any request', async () => {
    const { sim, acme } = setup();
    const error = await codeOf(
      acme.cancelPayment({
        paymentId: sim.seedPayment(),
        providerOptions: { 'acme-pay': { reason: 'bored' } },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.join(' ')).toContain('reason');
    expect(sim.requests).toHaveLength(0);
  });

  it('maps every documented error code to a contract code', () => {
    expect(Object.keys(ACME_ERROR_CODES).sort()).toEqual(
      [
        'duplicate_request_id',
        'invalid_api_key',
        'invalid_signature',
        'parameter_missing',
        'payment_already_voided',
        'payment_expired',
        'payment_not_found',
        'payment_not_voidable',
        'void_window_expired',
      ].sort(),
    );
  });
});
