import { describe, expect, it } from 'vitest';
import { apiRequests, rejection, setup } from './helpers.js';

describe('getPayment', () => {
  it.each([
    ['IN_PROGRESS', 'pending'],
    ['AUTHORIZED', 'authorized'],
    ['SETTLED', 'succeeded'],
    ['FAILED', 'failed'],
    ['CANCELLED', 'cancelled'],
    ['CHARGED_BACK', 'charged_back'],
  ] as const)('maps transferStatus %s to %s', async (transferStatus, status) => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedCharge({
      country: 'MX',
      paymentMethod: 'CREDIT_CARD',
      transferStatus,
      amount: 4_200,
    });
    const result = await liquido.getPayment({ paymentId });
    expect(result).toMatchObject({
      connector: 'liquido',
      paymentId,
      status,
      providerStatus: transferStatus,
      amount: { amount: 4_200, currency: 'MXN' },
    });
    const [request] = apiRequests(sim);
    expect(request!.method).toBe('GET');
    expect(request!.path).toBe(`/v1/payments/charges/${paymentId}`);
    expect(request!.body).toBe('');
  });

  it('maps an unknown state to pending, never cancelled', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    await liquido.getPayment({ paymentId });
    sim.faults.inject({
      type: 'status',
      status: 200,
      body: JSON.stringify({
        transferStatusCode: 200,
        idempotencyKey: paymentId,
        transferStatus: 'REFUND_REQUESTED',
      }),
    });
    const result = await liquido.getPayment({ paymentId });
    expect(result.status).toBe('pending');
    expect(result.providerStatus).toBe('REFUND_REQUESTED');
  });

  it('reads a PayCash reference: ACTIVE is pending, with its reference number', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedReference({ amount: 35_000, reference: '1264248200066' });
    const result = await liquido.getPayment({ paymentId });
    expect(result).toMatchObject({
      status: 'pending',
      providerStatus: 'ACTIVE',
      providerReference: '1264248200066',
      amount: { amount: 35_000, currency: 'MXN' },
    });
  });

  it('maps an unknown key to payment_not_found', async () => {
    const { liquido } = setup();
    const error = await rejection(liquido.getPayment({ paymentId: 'nobody' }), 'payment_not_found');
    expect(error.httpStatus).toBe(404);
  });

  it('encodes the key and refuses unsafe ones before any request', async () => {
    const { sim, liquido } = setup();
    sim.seedCharge({
      idempotencyKey: 'key+1@x',
      country: 'CO',
      paymentMethod: 'PAY_CASH',
      transferStatus: 'SETTLED',
    });
    expect((await liquido.getPayment({ paymentId: 'key+1@x' })).status).toBe('succeeded');
    expect(apiRequests(sim)[0]!.path).toBe('/v1/payments/charges/key%2B1%40x');
    const before = sim.requests.length;
    for (const paymentId of ['a/b', '..', 'a?b', '', 'x'.repeat(65)]) {
      await rejection(liquido.getPayment({ paymentId }), 'invalid_request');
    }
    await rejection(liquido.getPayment(undefined as never), 'invalid_request');
    expect(sim.requests.length).toBe(before);
  });
});
