import { describe, expect, it } from 'vitest';
import { PAYERMAX_ACKNOWLEDGEMENT } from '../src/index.js';
import { generatePayerMaxTestKeys } from '../src/testing/index.js';
import { keys, makeConnector, makeSim, rejection, setup } from './helpers.js';

const ACK = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"code":"SUCCESS","msg":"Success"}',
};

const notification = (
  notifyType: string,
  data: Record<string, unknown>,
  code = 'APPLY_SUCCESS',
) => ({
  code,
  msg: code === 'APPLY_SUCCESS' ? 'Success.' : 'Payment was not completed on time.',
  keyVersion: '1',
  appId: 'a0dddd1f622243cb9aa1b676e808b5f8',
  merchantNo: 'SP18440851',
  notifyTime: '2024-05-13T10:28:03.606Z',
  notifyType,
  data,
});

describe('verifyWebhook', () => {
  it('reads the CANCEL notification of a cancel and acknowledges it as PayerMax expects', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId, requestId: 'wh-1' });
    const { body, headers } = sim.cancelNotification(paymentId);
    const event = await connector.verifyWebhook({ body, headers });
    expect(event).toMatchObject({
      connector: 'payermax',
      type: 'CANCEL',
      paymentId,
      status: 'cancelled',
      providerStatus: 'SUCCESS',
    });
    expect(event.acknowledgement).toEqual(ACK);
    expect(PAYERMAX_ACKNOWLEDGEMENT).toEqual(ACK);
    expect(event.raw).toEqual(JSON.parse(body));
  });

  const cases: [string, ReturnType<typeof notification>, object][] = [
    [
      'an authorisation (PAYMENT, captureMode MANUAL)',
      notification('PAYMENT', {
        outTradeNo: 'O1',
        status: 'SUCCESS',
        totalAmount: 10,
        currency: 'SAR',
        captureMode: 'MANUAL',
      }),
      {
        type: 'PAYMENT',
        paymentId: 'O1',
        status: 'authorized',
        amount: { amount: 1000, currency: 'SAR' },
      },
    ],
    [
      'a payment',
      notification('PAYMENT', {
        outTradeNo: 'O2',
        status: 'SUCCESS',
        totalAmount: '12.5',
        currency: 'usd',
      }),
      { status: 'succeeded', amount: { amount: 1250, currency: 'USD' } },
    ],
    [
      'a closed payment with a failure code',
      notification(
        'PAYMENT',
        { outTradeNo: 'O3', status: 'CLOSED', totalAmount: 300, currency: 'THB' },
        'PAYMENT_FAILED',
      ),
      { status: 'expired', providerStatus: 'CLOSED', amount: { amount: 30000, currency: 'THB' } },
    ],
    [
      'a failed payment',
      notification('PAYMENT', { outTradeNo: 'O4', status: 'FAILED' }, 'PAYMENT_FAILED'),
      { status: 'failed' },
    ],
    [
      'a capture',
      notification('CAPTURE', {
        outTradeNo: 'O5',
        captureNo: 'C1',
        status: 'SUCCESS',
        amount: '99.99',
        currency: 'EUR',
      }),
      { type: 'CAPTURE', status: 'succeeded', amount: { amount: 9999, currency: 'EUR' } },
    ],
    [
      'a pending cancel',
      notification('CANCEL', { outTradeNo: 'O6', status: 'PENDING' }),
      { type: 'CANCEL', status: 'pending' },
    ],
    [
      'a failed cancel',
      notification('CANCEL', { outTradeNo: 'O7', status: 'FAILED', errorCode: 'X' }),
      { status: 'authorized', providerStatus: 'FAILED' },
    ],
    [
      'a refund',
      notification('REFUND', {
        outTradeNo: 'O8',
        status: 'REFUND_SUCCESS',
        refundAmount: 100.5,
        refundCurrency: 'USD',
      }),
      { type: 'REFUND', status: 'refunded', amount: { amount: 10050, currency: 'USD' } },
    ],
    [
      'an unknown status',
      notification('CANCEL', { outTradeNo: 'O9', status: 'SOMETHING_NEW' }),
      { status: 'pending', providerStatus: 'SOMETHING_NEW' },
    ],
    [
      'an unknown notification type',
      notification('DISPUTE', { outTradeNo: 'O10', status: 'SUCCESS' }),
      { type: 'DISPUTE', status: 'pending' },
    ],
  ];
  for (const [name, payload, expected] of cases) {
    it(`reads ${name}`, async () => {
      const { sim, connector } = setup();
      const event = await connector.verifyWebhook(sim.signNotification(payload));
      expect(event).toMatchObject({ connector: 'payermax', ...expected });
      expect(event.acknowledgement).toEqual(ACK);
    });
  }

  it('leaves amount out when the notification has none', async () => {
    const { sim, connector } = setup();
    const event = await connector.verifyWebhook(
      sim.signNotification(notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' })),
    );
    expect(event.amount).toBeUndefined();
  });

  it('takes headers as a Headers object, pairs or a record, any case', async () => {
    const { sim, connector } = setup();
    const { body, headers } = sim.signNotification(
      notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' }),
    );
    for (const form of [new Headers(headers), Object.entries(headers), { SIGN: headers.sign! }]) {
      expect((await connector.verifyWebhook({ body, headers: form })).status).toBe('cancelled');
    }
  });

  it('refuses a changed body, a missing or foreign signature with signature_invalid', async () => {
    const { sim, connector } = setup();
    const { body, headers } = sim.signNotification(
      notification('CANCEL', { outTradeNo: 'O', status: 'PENDING' }),
    );
    await rejection(
      connector.verifyWebhook({ body: body.replace('PENDING', 'SUCCESS'), headers }),
      'signature_invalid',
    );
    await rejection(connector.verifyWebhook({ body, headers: {} }), 'signature_invalid');
    await rejection(
      connector.verifyWebhook({ body, headers: { sign: 'bm90IGEgc2lnbmF0dXJl' } }),
      'signature_invalid',
    );
    const stranger = makeSim({ keys: toPair(generatePayerMaxTestKeys()) });
    await rejection(connector.verifyWebhook(stranger.signNotification(body)), 'signature_invalid');
  });

  it('checks webhooks even when verifyResponses is off', async () => {
    const { sim, connector } = setup({}, { verifyResponses: false });
    const { body } = sim.signNotification(
      notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' }),
    );
    await rejection(connector.verifyWebhook({ body, headers: {} }), 'signature_invalid');
  });

  it('refuses a signed body that is not a PayerMax notification', async () => {
    const { sim, connector } = setup();
    // Not JSON: what the merchant's endpoint was handed is not a notification.
    const notJson = await rejection(
      connector.verifyWebhook(sim.signNotification('not json')),
      'invalid_request',
    );
    expect(notJson.message).toContain('not JSON');
    await rejection(
      connector.verifyWebhook(sim.signNotification({ code: 'APPLY_SUCCESS' })),
      'invalid_request',
    );
    await rejection(
      connector.verifyWebhook({ body: undefined as never, headers: {} }),
      'invalid_request',
    );
  });

  it('leaves an unreadable amount out instead of refusing the notification', async () => {
    const { sim, connector } = setup();
    for (const data of [
      { outTradeNo: 'OA', status: 'SUCCESS', totalAmount: 'ten', currency: 'USD' },
      { outTradeNo: 'OA', status: 'SUCCESS', totalAmount: '1.005', currency: 'USD' },
      { outTradeNo: 'OA', status: 'SUCCESS', totalAmount: 10, currency: 'NOPE' },
      { outTradeNo: 'OA', status: 'SUCCESS', totalAmount: true, currency: 'USD' },
      { outTradeNo: 'OA', status: 'SUCCESS', totalAmount: 10, currency: 42 },
    ]) {
      const event = await connector.verifyWebhook(
        sim.signNotification(notification('PAYMENT', data)),
      );
      expect(event).toMatchObject({
        paymentId: 'OA',
        status: 'succeeded',
        providerStatus: 'SUCCESS',
      });
      expect(event.amount).toBeUndefined();
      expect((event.raw as { data: unknown }).data).toEqual(data);
    }
  });

  it('reads a decimal string amount in ISO minor units: "150000" IDR is 15000000', async () => {
    const { sim, connector } = setup();
    const event = await connector.verifyWebhook(
      sim.signNotification(
        notification('PAYMENT', {
          outTradeNo: 'OI',
          status: 'SUCCESS',
          totalAmount: '150000',
          currency: 'IDR',
        }),
      ),
    );
    expect(event.amount).toEqual({ amount: 15_000_000, currency: 'IDR' });
  });
  it('does not need a network: no request is made', async () => {
    const sim = makeSim();
    const connector = makeConnector(sim);
    await connector.verifyWebhook(
      sim.signNotification(notification('CANCEL', { status: 'SUCCESS' })),
    );
    expect(sim.requests).toHaveLength(0);
    expect(keys.payermaxPublicKey).toBe(sim.publicKey);
  });
});

describe('verifyWebhook: the notification is bound to this merchant', () => {
  const MERCHANT = 'SP18440851';

  it('accepts its own appId and merchantNo', async () => {
    const { sim, connector } = setup({}, { merchantNo: MERCHANT });
    const event = await connector.verifyWebhook(
      sim.signNotification(notification('CANCEL', { outTradeNo: 'OK', status: 'SUCCESS' })),
    );
    expect(event).toMatchObject({ paymentId: 'OK', status: 'cancelled' });
  });

  it('refuses a verified notification for another appId with invalid_request', async () => {
    const { sim, connector } = setup();
    const error = await rejection(
      connector.verifyWebhook(
        sim.signNotification({
          ...notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' }),
          appId: 'another-app',
        }),
      ),
      'invalid_request',
    );
    expect(error.message).toContain('appId');
    expect(error.message).not.toContain(keys.merchantPrivateKey);
    expect(error.connector).toBe('payermax');
  });

  it('refuses a notification without appId', async () => {
    const { sim, connector } = setup();
    for (const appId of [undefined, null, '']) {
      const { appId: _, ...rest } = notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' });
      const body = appId === undefined ? rest : { ...rest, appId };
      const error = await rejection(
        connector.verifyWebhook(sim.signNotification(body)),
        'invalid_request',
      );
      expect(error.message).toContain('no appId');
    }
  });

  it('refuses another merchantNo, or none, when the connector has a merchantNo', async () => {
    const { sim, connector } = setup({}, { merchantNo: MERCHANT });
    const base = notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' });
    const other = await rejection(
      connector.verifyWebhook(sim.signNotification({ ...base, merchantNo: 'SP00000000' })),
      'invalid_request',
    );
    expect(other.message).toContain('merchantNo');
    const { merchantNo: _, ...withoutMerchant } = base;
    const none = await rejection(
      connector.verifyWebhook(sim.signNotification(withoutMerchant)),
      'invalid_request',
    );
    expect(none.message).toContain('merchantNo');
  });

  it('does not check merchantNo when the connector has none', async () => {
    const { sim, connector } = setup();
    const base = notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' });
    const { merchantNo: _, ...withoutMerchant } = base;
    for (const payload of [base, { ...base, merchantNo: 'SP00000000' }, withoutMerchant]) {
      expect((await connector.verifyWebhook(sim.signNotification(payload))).status).toBe(
        'cancelled',
      );
    }
  });

  it('checks the signature first: a forged notification for another app is signature_invalid', async () => {
    const { sim, connector } = setup();
    const { body, headers } = sim.signNotification({
      ...notification('CANCEL', { outTradeNo: 'O', status: 'PENDING' }),
      appId: 'another-app',
    });
    await rejection(
      connector.verifyWebhook({ body: body.replace('PENDING', 'SUCCESS'), headers }),
      'signature_invalid',
    );
  });

  it("the simulator's CANCEL notification matches a connector with the same merchantNo", async () => {
    const { sim, connector } = setup({ merchantNo: MERCHANT }, { merchantNo: MERCHANT });
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId, requestId: 'bound-1' });
    const event = await connector.verifyWebhook(sim.cancelNotification(paymentId));
    expect(event).toMatchObject({ type: 'CANCEL', paymentId });
    const stranger = makeConnector(sim, { merchantNo: 'SP00000000' });
    await rejection(stranger.verifyWebhook(sim.cancelNotification(paymentId)), 'invalid_request');
  });
});

describe('verifyWebhook: occurredAt', () => {
  const at = (notifyTime: unknown) => ({
    ...notification('CANCEL', { outTradeNo: 'O', status: 'SUCCESS' }),
    notifyTime,
  });

  it('is notifyTime as ISO 8601 UTC', async () => {
    const { sim, connector } = setup();
    const cases: [unknown, string][] = [
      ['2024-05-13T10:28:03.606Z', '2024-05-13T10:28:03.606Z'],
      ['2024-05-13T18:28:03.606+08:00', '2024-05-13T10:28:03.606Z'],
      ['2022-01-17T08:04:13.879+00:00', '2022-01-17T08:04:13.879Z'],
    ];
    for (const [notifyTime, occurredAt] of cases) {
      const event = await connector.verifyWebhook(sim.signNotification(at(notifyTime)));
      expect(event.occurredAt).toBe(occurredAt);
    }
  });

  it('is absent when notifyTime is missing or not a time; the event is still read', async () => {
    const { sim, connector } = setup();
    const { notifyTime: _, ...without } = at('');
    for (const payload of [without, at('yesterday'), at('')]) {
      const event = await connector.verifyWebhook(sim.signNotification(payload));
      expect(event.status).toBe('cancelled');
      expect(event).not.toHaveProperty('occurredAt');
    }
  });

  it("is set on the simulator's CANCEL notification", async () => {
    const clock = Date.UTC(2024, 10, 6, 3, 56, 13, 0);
    const { sim, connector } = setup({ now: () => clock }, { now: () => clock });
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId, requestId: 'time-1' });
    const event = await connector.verifyWebhook(sim.cancelNotification(paymentId));
    expect(event.occurredAt).toBe('2024-11-06T03:56:13.000Z');
  });
});

function toPair(k: ReturnType<typeof generatePayerMaxTestKeys>) {
  return { privateKey: k.payermaxPrivateKey, publicKey: k.payermaxPublicKey };
}
