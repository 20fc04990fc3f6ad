import { createLiquido } from '@paykit/connector-liquido';
import { createLiquidoSimulator } from '@paykit/connector-liquido/testing';
import { createPayerMax } from '@paykit/connector-payermax';
import {
  createPayerMaxSimulator,
  generatePayerMaxTestKeys,
} from '@paykit/connector-payermax/testing';
import { createYabandPay } from '@paykit/connector-yabandpay';
import { createYabandPaySimulator } from '@paykit/connector-yabandpay/testing';
import { describe, expect, it } from 'vitest';

// The same money, however each provider writes it: ISO 4217 exponents, never the runtime's ICU
// (which gives COP and IDR no decimals).
const COP_500 = { amount: 50_000, currency: 'COP' };

describe('money: the same amount is the same minor units from every connector and webhook', () => {
  it('Liquido: 50000 minor units of COP, in a cancel result and a webhook', async () => {
    const credentials = {
      clientId: 'money-client',
      clientSecret: 'money-secret-0123456789',
      apiKey: 'money-api-key-0123',
    };
    const sim = createLiquidoSimulator(credentials);
    const liquido = createLiquido({
      ...credentials,
      fetch: sim.fetch,
      baseUrl: 'https://liquido.sim.test',
    });
    const key = sim.seedCharge({
      country: 'CO',
      paymentMethod: 'CREDIT_CARD',
      transferStatus: 'AUTHORIZED',
      amount: 50_000,
      currency: 'COP',
    });
    expect((await liquido.cancelPayment({ paymentId: key })).amount).toEqual(COP_500);
    const body = JSON.stringify({
      eventType: 'CHARGE_STATUS_CHANGED',
      data: {
        chargeDetails: {
          idempotencyKey: key,
          transferStatus: 'CANCELLED',
          amount: 50_000,
          currency: 'COP',
        },
      },
    });
    const event = await liquido.verifyWebhook({
      body,
      headers: { 'liquido-signature': await sim.signWebhook(body) },
    });
    expect(event.amount).toEqual(COP_500);
  });

  it('YabandPay: "500.00" COP in a cancel answer, a status query and a notification', async () => {
    const sim = createYabandPaySimulator();
    const yabandpay = createYabandPay({ secretKey: sim.secretKey, tid: sim.tid, fetch: sim.fetch });
    const tradeId = sim.seedPayment({ amount: '500.00', currency: 'COP' });
    expect((await yabandpay.getPayment({ paymentId: tradeId })).amount).toEqual(COP_500);
    expect((await yabandpay.cancelPayment({ paymentId: tradeId })).amount).toEqual(COP_500);
    const event = await yabandpay.verifyWebhook({
      body: await sim.notificationFor(tradeId),
      headers: {},
    });
    expect(event.amount).toEqual(COP_500);
  });

  it('PayerMax: 500 and "500.00" COP in a status query and a notification; "150000" IDR is 15000000', async () => {
    const keys = generatePayerMaxTestKeys();
    const sim = createPayerMaxSimulator({
      merchantPublicKey: keys.merchantPublicKey,
      keys: { privateKey: keys.payermaxPrivateKey, publicKey: keys.payermaxPublicKey },
    });
    const payermax = createPayerMax({
      appId: sim.appId,
      privateKey: keys.merchantPrivateKey,
      payermaxPublicKey: sim.publicKey,
      fetch: sim.fetch,
    });
    const order = sim.seedPayment({ amount: 500, currency: 'COP' });
    expect((await payermax.getPayment({ paymentId: order })).amount).toEqual(COP_500);
    for (const [totalAmount, currency, expected] of [
      ['500.00', 'COP', COP_500],
      [500, 'COP', COP_500],
      ['150000', 'IDR', { amount: 15_000_000, currency: 'IDR' }],
    ] as const) {
      const event = await payermax.verifyWebhook(
        sim.signNotification({
          code: 'APPLY_SUCCESS',
          msg: 'Success.',
          keyVersion: '1',
          appId: sim.appId,
          notifyTime: '2026-12-01T10:00:00.000+00:00',
          notifyType: 'PAYMENT',
          data: { outTradeNo: order, status: 'SUCCESS', totalAmount, currency },
        }),
      );
      expect(event.amount).toEqual(expected);
    }
  });
});
