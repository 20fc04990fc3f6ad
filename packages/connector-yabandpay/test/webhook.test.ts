import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rejection, SECRET, setup } from './helpers.js';

const sign = (text: string) => createHmac('sha256', SECRET).update(text).digest('hex');

describe('verifyWebhook', () => {
  it('accepts a raw JSON notification from the simulator', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({
      amount: '0.10',
      currency: 'EUR',
      createdAt: 1706771212_000,
    });
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
      occurredAt: '2024-02-01T07:06:52.000Z',
      raw: JSON.parse(body),
    });
    expect(JSON.parse(body).data.createDate).toBe('1706771212');
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

  describe("values turned into text PHP's way", () => {
    // YabandPay's PHP builds the string with `"$k=$v&"`: null and false are '', true is '1',
    // floats print with precision=14, integers as digits. Written out by hand, signed here.
    const data = {
      trade_id: 't-9',
      state: '00',
      amount: 12.5,
      fee: 0.1,
      sum: 0.30000000000000004,
      big: 1e25,
      tiny: 0.00001,
      count: 3,
      paid: true,
      refunded: false,
      note: null,
      currency: 'EUR',
      createDate: '1706771212',
    };
    const PHP_STRING =
      'amount=12.5&big=1.0E+25&count=3&createDate=1706771212&currency=EUR&fee=0.1&note=&paid=1' +
      '&refunded=&state=00&sum=0.3&tiny=1.0E-5&trade_id=t-9';

    it('verifies a genuine notification signed over the PHP string', async () => {
      const { connector } = setup();
      const body = JSON.stringify({ sign: sign(PHP_STRING), data });
      const event = await connector.verifyWebhook({ body, headers: {} });
      expect(event).toEqual({
        connector: 'yabandpay',
        type: 'payment.notification',
        paymentId: 't-9',
        status: 'succeeded',
        providerStatus: '00',
        amount: { amount: 1250, currency: 'EUR' },
        occurredAt: '2024-02-01T07:06:52.000Z',
        raw: JSON.parse(body),
      });
    });

    it('verifies it as the resultData form field too', async () => {
      const { connector } = setup();
      const body = `resultData=${encodeURIComponent(JSON.stringify({ sign: sign(PHP_STRING), data }))}`;
      expect((await connector.verifyWebhook({ body, headers: {} })).paymentId).toBe('t-9');
    });

    it('keeps a null field as `k=`: the same data signed without it does not verify', async () => {
      const { connector } = setup();
      const withoutNote = PHP_STRING.replace('&note=', '');
      const body = JSON.stringify({ sign: sign(withoutNote), data });
      const error = await rejection(connector.verifyWebhook({ body, headers: {} }));
      expect(error.code).toBe('signature_invalid');
    });

    it('does not verify a notification signed the naive JS way (String(false) = "false")', async () => {
      const { connector } = setup();
      const naive = Object.keys(data)
        .sort()
        .map((key) => `${key}=${String(data[key as keyof typeof data])}`)
        .join('&');
      expect(naive).toContain('refunded=false');
      expect(naive).toContain('paid=true');
      const body = JSON.stringify({ sign: sign(naive), data });
      const error = await rejection(connector.verifyWebhook({ body, headers: {} }));
      expect(error.code).toBe('signature_invalid');
    });

    it('the simulator signs the same PHP string, on its own', async () => {
      const { sim } = setup();
      const notification = JSON.parse(await sim.signNotification(data));
      expect(notification.sign).toBe(sign(PHP_STRING));
    });

    it('an array or object value is "Array", as PHP prints it', async () => {
      const { connector } = setup();
      const nested = { trade_id: 'n', state: '02', items: [1, 2], meta: { a: 1 } };
      const body = JSON.stringify({
        sign: sign('items=Array&meta=Array&state=02&trade_id=n'),
        data: nested,
      });
      expect((await connector.verifyWebhook({ body, headers: {} })).status).toBe('pending');
    });
  });

  it('occurredAt is left out when createDate is missing or not a time', async () => {
    const { sim, connector } = setup();
    for (const createDate of [undefined, '', 'soon', null]) {
      const body = await sim.signNotification({ trade_id: 'abc', state: '00', createDate });
      const event = await connector.verifyWebhook({ body, headers: {} });
      expect(event.status).toBe('succeeded');
      expect(event).not.toHaveProperty('occurredAt');
    }
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
    ['plain text', 'hello'],
    ['a resultData form field that is not JSON', 'resultData=hello'],
    ['an empty resultData form field', 'resultData='],
    ['a JSON string in resultData', `resultData=${encodeURIComponent('"x"')}`],
    ['XML', '<xml><sign>a</sign></xml>'],
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

  it('a signed notification with an unreadable amount or currency still verifies, without amount', async () => {
    const { sim, connector } = setup();
    const unreadable: [unknown, unknown][] = [
      ['1,00', 'EUR'],
      [SECRET, 'EUR'],
      ['0.001', 'EUR'],
      ['-1.00', 'EUR'],
      ['1.00', 'XXXX'],
      ['1.00', 42],
      [{ value: '1.00' }, 'EUR'],
      [true, 'EUR'],
    ];
    for (const [amount, currency] of unreadable) {
      const data = { trade_id: 'abc', state: '00', amount, currency };
      const body = await sim.signNotification(data);
      const event = await connector.verifyWebhook({ body, headers: {} });
      expect(event).toMatchObject({ paymentId: 'abc', status: 'succeeded', providerStatus: '00' });
      expect(event.amount).toBeUndefined();
      expect(event).not.toHaveProperty('amount');
      expect((event.raw as { data: unknown }).data).toEqual(data);
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
