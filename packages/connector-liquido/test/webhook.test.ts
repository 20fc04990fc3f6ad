import { hmacSha256Hex } from '@paykit/core/connector';
import { describe, expect, it } from 'vitest';
import { liquidoWebhookStringToSign, parseLiquidoSignature } from '../src/liquido-webhook.js';
import { CREDENTIALS, rejection, setup } from './helpers.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function body(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    eventType: 'CHARGE_STATUS_CHANGED',
    data: {
      chargeDetails: {
        idempotencyKey: 'order-77',
        transferStatus: 'SETTLED',
        amount: 1_990,
        currency: 'BRL',
        ...overrides,
      },
    },
  });
}

describe('verifyWebhook', () => {
  it('accepts a body signed with the client secret and maps it to a WebhookEvent', async () => {
    const { sim, liquido } = setup();
    const raw = body();
    const event = await liquido.verifyWebhook({
      body: raw,
      headers: { 'Liquido-Signature': await sim.signWebhook(raw) },
    });
    expect(event).toEqual({
      connector: 'liquido',
      type: 'CHARGE_STATUS_CHANGED',
      paymentId: 'order-77',
      status: 'succeeded',
      providerStatus: 'SETTLED',
      amount: { amount: 1_990, currency: 'BRL' },
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      raw: JSON.parse(raw),
    });
  });

  it('computes HMAC-SHA256 over payload=<body>,timestamp=<timestamp> (an independent vector)', async () => {
    const { liquido } = setup();
    const raw = body({ transferStatus: 'CANCELLED' });
    const timestamp = String(nowSeconds());
    expect(liquidoWebhookStringToSign(raw, timestamp)).toBe(
      `payload=${raw},timestamp=${timestamp}`,
    );
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', CREDENTIALS.clientSecret)
      .update(`payload=${raw},timestamp=${timestamp}`)
      .digest('hex');
    const headers = new Headers({
      'liquido-signature': `algorithm=HmacSHA256,timestamp=${timestamp},signature=${signature}`,
    });
    const event = await liquido.verifyWebhook({ body: raw, headers });
    expect(event.status).toBe('cancelled');
    // When it happened, as the signature's timestamp says: a merchant drops stale replays by it.
    expect(event.occurredAt).toBe(new Date(Number(timestamp) * 1000).toISOString());
  });

  it('keeps a verified event whose amount cannot be read, leaving the amount out', async () => {
    const { sim, liquido } = setup();
    for (const overrides of [{ amount: -5 }, { amount: '19.90' }, { currency: 'XYZ' }]) {
      const raw = body(overrides);
      const event = await liquido.verifyWebhook({
        body: raw,
        headers: { 'liquido-signature': await sim.signWebhook(raw) },
      });
      expect(event.status).toBe('succeeded');
      expect(event.amount).toBeUndefined();
      expect(event.raw).toEqual(JSON.parse(raw));
    }
  });

  it('takes headers as an object, a Headers or a list of pairs, any case', async () => {
    const { sim, liquido } = setup();
    const raw = body();
    const value = await sim.signWebhook(raw);
    for (const headers of [
      { 'LIQUIDO-SIGNATURE': value },
      new Headers({ 'liquido-signature': value }),
      [['Liquido-Signature', value]] as [string, string][],
    ]) {
      expect((await liquido.verifyWebhook({ body: raw, headers })).paymentId).toBe('order-77');
    }
  });

  it('accepts webhooks built by the simulator for seeded payments', async () => {
    const { sim, liquido } = setup();
    const charge = sim.seedCharge({
      country: 'CO',
      paymentMethod: 'CREDIT_CARD',
      transferStatus: 'CHARGED_BACK',
      amount: 900,
    });
    const reference = sim.seedReference({ amount: 100 });
    const a = await liquido.verifyWebhook(await sim.webhookFor(charge));
    expect(a).toMatchObject({
      paymentId: charge,
      status: 'charged_back',
      amount: { amount: 900, currency: 'COP' },
    });
    const b = await liquido.verifyWebhook(await sim.webhookFor(reference, 'REFERENCE_UPDATED'));
    expect(b).toMatchObject({
      type: 'REFERENCE_UPDATED',
      paymentId: reference,
      status: 'pending',
      providerStatus: 'ACTIVE',
    });
  });

  it('maps an unknown status to pending', async () => {
    const { sim, liquido } = setup();
    const raw = body({ transferStatus: 'BRAND_NEW' });
    const event = await liquido.verifyWebhook({
      body: raw,
      headers: { 'liquido-signature': await sim.signWebhook(raw) },
    });
    expect(event.status).toBe('pending');
  });

  it('rejects a tampered body', async () => {
    const { sim, liquido } = setup();
    const header = await sim.signWebhook(body());
    await rejection(
      liquido.verifyWebhook({
        body: body({ amount: 1 }),
        headers: { 'liquido-signature': header },
      }),
      'signature_invalid',
    );
  });

  it('rejects a tampered signature or timestamp', async () => {
    const { sim, liquido } = setup();
    const raw = body();
    const ts = nowSeconds();
    const header = await sim.signWebhook(raw, ts);
    const flipped = header.replace(
      /signature=(.)/,
      (_m, c: string) => `signature=${c === 'a' ? 'b' : 'a'}`,
    );
    const shifted = header.replace(`timestamp=${ts}`, `timestamp=${ts - 1}`);
    expect(flipped).not.toBe(header);
    expect(shifted).not.toBe(header);
    for (const value of [flipped, shifted]) {
      await rejection(
        liquido.verifyWebhook({ body: raw, headers: { 'liquido-signature': value } }),
        'signature_invalid',
      );
    }
  });

  it('rejects a signature made with another secret', async () => {
    const { liquido } = setup();
    const raw = body();
    const ts = String(nowSeconds());
    const signature = await hmacSha256Hex('some-other-secret', liquidoWebhookStringToSign(raw, ts));
    const header = `algorithm=HmacSHA256,timestamp=${ts},signature=${signature}`;
    await rejection(
      liquido.verifyWebhook({ body: raw, headers: { 'liquido-signature': header } }),
      'signature_invalid',
    );
  });

  it('rejects a stale or far-future timestamp (default tolerance 300 s)', async () => {
    const { sim, liquido } = setup();
    const raw = body();
    // Margins of half a minute either side, so that a slow machine cannot move a case across.
    for (const ts of [nowSeconds() - 330, nowSeconds() + 330, 0]) {
      const error = await rejection(
        liquido.verifyWebhook({
          body: raw,
          headers: { 'liquido-signature': await sim.signWebhook(raw, ts) },
        }),
        'signature_invalid',
      );
      expect(error.message).toMatch(/300 s/);
    }
    // Inside the window.
    const fresh = await sim.signWebhook(raw, nowSeconds() - 270);
    expect(
      (await liquido.verifyWebhook({ body: raw, headers: { 'liquido-signature': fresh } })).status,
    ).toBe('succeeded');
  });

  it('takes webhookToleranceSeconds', async () => {
    const { sim, liquido } = setup({ webhookToleranceSeconds: 3600 });
    const raw = body();
    const old = await sim.signWebhook(raw, nowSeconds() - 3000);
    expect(
      (await liquido.verifyWebhook({ body: raw, headers: { 'liquido-signature': old } })).paymentId,
    ).toBe('order-77');
    const tight = setup({ webhookToleranceSeconds: 10 });
    await rejection(
      tight.liquido.verifyWebhook({
        body: raw,
        headers: { 'liquido-signature': await sim.signWebhook(raw, nowSeconds() - 30) },
      }),
      'signature_invalid',
    );
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no signature', `algorithm=HmacSHA256,timestamp=${nowSeconds()}`],
    ['no timestamp', `algorithm=HmacSHA256,signature=${'a'.repeat(64)}`],
    ['other algorithm', `algorithm=HmacSHA1,timestamp=${nowSeconds()},signature=${'a'.repeat(64)}`],
    ['short signature', `algorithm=HmacSHA256,timestamp=${nowSeconds()},signature=abc`],
    ['timestamp not a number', `algorithm=HmacSHA256,timestamp=soon,signature=${'a'.repeat(64)}`],
    ['garbage', 'garbage'],
  ])('rejects a %s header with signature_invalid', async (_name, value) => {
    const { liquido } = setup();
    const headers: Record<string, string> =
      value === undefined ? {} : { 'liquido-signature': value };
    await rejection(liquido.verifyWebhook({ body: body(), headers }), 'signature_invalid');
  });

  it('maps a signed body that is not JSON, or not a Liquido event, to invalid_request', async () => {
    const { sim, liquido } = setup();
    for (const raw of ['not json', '[]', '{"eventType":"X"}', '{"eventType":"X","data":{}}']) {
      await rejection(
        liquido.verifyWebhook({
          body: raw,
          headers: { 'liquido-signature': await sim.signWebhook(raw) },
        }),
        'invalid_request',
      );
    }
  });

  it('maps bad input to invalid_request', async () => {
    const { liquido } = setup();
    await rejection(liquido.verifyWebhook(undefined as never), 'invalid_request');
    await rejection(liquido.verifyWebhook({ body: 42 as never, headers: {} }), 'invalid_request');
  });

  it('parses the header leniently about spacing and case', () => {
    expect(
      parseLiquidoSignature(` algorithm=HmacSHA256 , Timestamp=12 , signature=${'AB'.repeat(32)} `),
    ).toEqual({
      algorithm: 'HmacSHA256',
      timestamp: '12',
      signature: 'ab'.repeat(32),
    });
    expect(parseLiquidoSignature('algorithm=HmacSHA256')).toBeUndefined();
  });
});
