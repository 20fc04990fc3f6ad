import { describe, expect, it } from 'vitest';
import { rejection, setup } from './helpers.js';

describe('acme-pay verifyWebhook', () => {
  it('verifies a webhook and reads the payment it is about', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ status: 'CANCELLED', amount: '7.99' });
    const webhook = await sim.webhookFor(paymentId, 'payment.cancelled');
    const event = await connector.verifyWebhook(webhook);
    expect(event).toMatchObject({
      connector: 'acme-pay',
      type: 'payment.cancelled',
      paymentId,
      status: 'cancelled',
      providerStatus: 'CANCELLED',
      amount: { amount: 799, currency: 'EUR' },
    });
    expect(event.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('refuses a changed body, a missing signature and a stale timestamp with signature_invalid', async () => {
    const { sim, connector } = setup();
    const webhook = await sim.webhookFor(sim.seedPayment());
    const changed = { ...webhook, body: webhook.body.replace('12.50', '1250') };
    expect((await rejection(connector.verifyWebhook(changed))).code).toBe('signature_invalid');
    expect(
      (await rejection(connector.verifyWebhook({ body: webhook.body, headers: {} }))).code,
    ).toBe('signature_invalid');
    const stale = await sim.signWebhook(webhook.body, Math.floor(Date.now() / 1000) - 3600);
    expect((await rejection(connector.verifyWebhook(stale))).code).toBe('signature_invalid');
  });

  it('refuses a signed body that is not a notification with invalid_request', async () => {
    const { sim, connector } = setup();
    for (const body of ['not json', '{"type":"payment.updated"}', '[]']) {
      const error = await rejection(connector.verifyWebhook(await sim.signWebhook(body)));
      expect(error.code, body).toBe('invalid_request');
    }
  });
});
