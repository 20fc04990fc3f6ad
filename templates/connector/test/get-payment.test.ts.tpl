import { describe, expect, it } from 'vitest';
import { rejection, setup } from './helpers.js';

describe('{{id}} getPayment', () => {
  it('reads a payment, its amount in minor units', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ status: 'CAPTURED', amount: '120.00', currency: 'usd' });
    expect(await connector.getPayment({ paymentId })).toMatchObject({
      connector: '{{id}}',
      paymentId,
      status: 'succeeded',
      providerStatus: 'CAPTURED',
      amount: { amount: 12_000, currency: 'USD' },
    });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/payments/${paymentId}`,
    ]);
  });

  it('maps an undocumented status to pending, and leaves an unreadable amount out', async () => {
    const { sim, connector } = setup();
    const odd = sim.seedPayment({ status: 'ON_HOLD' as never, amount: 'twelve' });
    const result = await connector.getPayment({ paymentId: odd });
    expect(result).toMatchObject({ status: 'pending', providerStatus: 'ON_HOLD' });
    expect(result.amount).toBeUndefined();
  });

  it('refuses an unknown payment with payment_not_found', async () => {
    const { connector } = setup();
    const error = await rejection(connector.getPayment({ paymentId: 'pay_unknown' }));
    expect([error.code, error.providerCode]).toEqual(['payment_not_found', 'PAYMENT_NOT_FOUND']);
  });
});
