import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rejection, SECRET, setup } from './helpers.js';

const sign = (text: string) => createHmac('sha256', SECRET).update(text).digest('hex');

describe('verifyWebhook', () => {
  it('accepts a raw JSON notification from the simulator', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ amount: '0.10', currency: 'EUR' });
    const body = await sim.notificationFor(paymentId);
    const event = await connector.verifyWebhook({
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(event).toEqual({
      connector: 'yabandpay',
      type: 'payment.notification',
      paymentId,
      status: 'succeeded',
      providerStatus: '00',
      amount: { amount: 10, currency: 'EUR' },
      raw: JSON.parse(body),
    });
    expect(event.acknowledgement).toBeUndefined();
  });

  it('accepts the form post resultData=<url-encoded JSON>', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ state: 'cancelled', description: 'Café & co + more' });
    const body = await sim.notificationFor(paymentId, { format: 'form' });
    expect(body.startsWith('resultData=%7B')).toBe(true);
    const event = await connector.verifyWebhook({
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(event).toMatchObject({ paymentId, status: 'cancelled', providerStatus: '08' });
  });

  it('verifies an independently computed signature over the sorted fields of data', async () => {
    const { connector } = setup();
    const data = { trade_id: 't-1', state: '05', amount: '1.00', currency: 'EUR', zero: 0 };
    const body = JSON.stringify({
      sign: sign('amount=1.00&currency=EUR&state=05&trade_id=t-1&zero=0'),
      data,
    });
    const event = await connector.verifyWebhook({ body, headers: {} });
    expect(event).toMatchObject({ paymentId: 't-1', status: 'failed', providerStatus: '05' });
  });

  const states = [
    ['00', 'succeeded'],
    ['01', 'authorized'],
    ['02', 'pending'],
    ['03', 'pending'],
    ['04', 'pending'],
    ['05', 'failed'],
    ['06', 'failed'],
    ['07', 'expired'],
    ['08', 'cancelled'],
    ['42', 'pending'],
  ] as const;
  for (const [state, status] of states) {
    it(`state ${state} → ${status}`, async () => {
      const { sim, connector } = setup();
      const body = await sim.signNotification({ trade_id: 'abc', state });
      const event = await connector.verifyWebhook({ body, headers: {} });
      expect(event.status).toBe(status);
      expect(event.amount).toBeUndefined();
    });
  }

  it('a tampered field → signature_invalid', async () => {
    const { sim, connector } = setup();
    const body = await sim.notificationFor(sim.seedPayment({ amount: '0.10' }));
    const tampered = body.replace('"0.10"', '"100.10"');
    expect(tampered).not.toBe(body);
    const error = await rejection(connector.verifyWebhook({ body: tampered, headers: {} }));
    expect(error.code).toBe('signature_invalid');
  });

  it('a tampered form field → signature_invalid', async () => {
    const { sim, connector } = setup();
    const body = await sim.notificationFor(sim.seedPayment({ state: 'pending' }), {
      format: 'form',
    });
    const tampered = body.replace(
      encodeURIComponent('"state":"02"'),
      encodeURIComponent('"state":"00"'),
    );
    expect(tampered).not.toBe(body);
    const error = await rejection(connector.verifyWebhook({ body: tampered, headers: {} }));
    expect(error.code).toBe('signature_invalid');
  });

  it('an added field → signature_invalid', async () => {
    const { sim, connector } = setup();
    const notification = JSON.parse(await sim.signNotification({ trade_id: 'abc', state: '02' }));
    notification.data.extra = '1';
    const error = await rejection(
      connector.verifyWebhook({ body: JSON.stringify(notification), headers: {} }),
    );
    expect(error.code).toBe('signature_invalid');
  });

  it('a tampered, missing or malformed sign → signature_invalid', async () => {
    const { sim, connector } = setup();
    const notification = JSON.parse(await sim.signNotification({ trade_id: 'abc', state: '00' }));
    const flipped = notification.sign.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    for (const signValue of [
      flipped,
      undefined,
      '',
      'nothex',
      42,
      notification.sign.slice(0, 63),
    ]) {
      const body = JSON.stringify({ ...notification, sign: signValue });
      const error = await rejection(connector.verifyWebhook({ body, headers: {} }));
      expect(error.code).toBe('signature_invalid');
    }
  });

  it('a notification signed with another key → signature_invalid', async () => {
    const { connector } = setup();
    const data = { trade_id: 'abc', state: '00' };
    const body = JSON.stringify({
      sign: createHmac('sha256', 'other-secret-key-000000')
        .update('state=00&trade_id=abc')
        .digest('hex'),
      data,
    });
    const error = await rejection(connector.verifyWebhook({ body, headers: {} }));
    expect(error.code).toBe('signature_invalid');
  });

  it('accepts an uppercase hex signature', async () => {
    const { connector } = setup();
    const body = JSON.stringify({
      sign: sign('state=00&trade_id=abc').toUpperCase(),
      data: { trade_id: 'abc', state: '00' },
    });
    expect((await connector.verifyWebhook({ body, headers: {} })).status).toBe('succeeded');
  });

  const unparseable: [string, unknown][] = [
    ['not JSON', '{"sign": "abc", "data": '],
    ['a form without resultData', 'foo=bar'],
    ['a form with broken JSON', 'resultData=%7Bnot-json'],
    ['an empty body', ''],
    ['no data', JSON.stringify({ sign: 'a'.repeat(64) })],
    ['data as a string', JSON.stringify({ sign: 'a'.repeat(64), data: 'x' })],
    ['a JSON array', '[1,2]'],
    ['a body that is not a string', { a: 1 }],
  ];
  for (const [name, body] of unparseable) {
    it(`${name} → invalid_request`, async () => {
      const { connector } = setup();
      const error = await rejection(connector.verifyWebhook({ body: body as string, headers: {} }));
      expect(error.code).toBe('invalid_request');
    });
  }

  it('a correctly signed notification without state → invalid_request', async () => {
    const { sim, connector } = setup();
    const body = await sim.signNotification({ trade_id: 'abc' });
    const error = await rejection(connector.verifyWebhook({ body, headers: {} }));
    expect(error.code).toBe('invalid_request');
  });

  it('a signed notification with an unreadable amount → invalid_request, the value redacted', async () => {
    const { sim, connector } = setup();
    for (const amount of ['1,00', SECRET]) {
      const body = await sim.signNotification({
        trade_id: 'abc',
        state: '00',
        amount,
        currency: 'EUR',
      });
      const error = await rejection(connector.verifyWebhook({ body, headers: {} }));
      expect(error.code).toBe('invalid_request');
      expect(JSON.stringify(error)).not.toContain(SECRET);
    }
  });

  it('makes no HTTP request', async () => {
    const { sim, connector } = setup();
    await connector.verifyWebhook({
      body: await sim.notificationFor(sim.seedPayment()),
      headers: {},
    });
    expect(sim.requests).toHaveLength(0);
  });
});
