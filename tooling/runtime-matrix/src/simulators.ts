import { createLiquidoSimulator } from '@paykit/connector-liquido/testing';
import {
  createPayerMaxSimulator,
  generatePayerMaxTestKeys,
} from '@paykit/connector-payermax/testing';
import { createYabandPaySimulator } from '@paykit/connector-yabandpay/testing';
import { CONNECTORS, type ConnectorName, type Fixture } from './fixture.js';

// The three simulators, served from Node on 127.0.0.1 for every runtime at once; each probe gets
// payments of its own, so that the runtimes can run side by side.

const LIQUIDO = {
  clientId: 'runtime-matrix-client',
  clientSecret: 'runtime-matrix-client-secret-0123456789',
  apiKey: 'runtime-matrix-api-key-0123456789',
};
const YABANDPAY = { secretKey: 'runtime-matrix-yabandpay-secret-0123456789', tid: 'T125119061' };

export interface Simulators {
  /** Each simulator's own `http://127.0.0.1:<port>`. */
  urls: Record<ConnectorName, string>;
  /**
   * Seeds the payments of one probe (ids carry `probeId`) and signs its webhooks; the base URLs
   * are the simulators' own unless told (the browser reaches them through its page's origin).
   */
  fixtureFor(probeId: string, baseUrls?: Record<ConnectorName, string>): Promise<Fixture>;
  close(): Promise<void>;
}

export async function startSimulators(): Promise<Simulators> {
  // PayerMax's RSA keys are made here, in Node, and reach the probes as strings: test keys only.
  const keys = generatePayerMaxTestKeys();
  const liquido = createLiquidoSimulator(LIQUIDO);
  const payermax = createPayerMaxSimulator({
    merchantPublicKey: keys.merchantPublicKey,
    keys: { privateKey: keys.payermaxPrivateKey, publicKey: keys.payermaxPublicKey },
  });
  const yabandpay = createYabandPaySimulator(YABANDPAY);
  const served = await Promise.all([liquido.listen(), payermax.listen(), yabandpay.listen()]);
  const urls = Object.fromEntries(CONNECTORS.map((name, i) => [name, served[i]!.url])) as Record<
    ConnectorName,
    string
  >;

  async function fixtureFor(probeId: string, baseUrls = urls): Promise<Fixture> {
    const id = (name: string, kind: string) => `rm-${probeId}-${name.slice(0, 3)}-${kind}`;

    const liquidoCancel = liquido.seedCharge({
      idempotencyKey: id('liquido', 'cancel'),
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
    });
    const liquidoStatus = liquido.seedCharge({
      idempotencyKey: id('liquido', 'status'),
      country: 'MX',
      paymentMethod: 'CREDIT_CARD',
      transferStatus: 'SETTLED',
    });
    const liquidoWebhook = await liquido.webhookFor(liquidoStatus);

    const payermaxCancel = payermax.seedPayment({
      outTradeNo: id('payermax', 'cancel'),
      amount: 25.5,
      currency: 'USD',
    });
    const payermaxStatus = payermax.seedPayment({
      outTradeNo: id('payermax', 'status'),
      amount: 120,
      currency: 'SAR',
    });
    const payermaxWebhook = payermax.signNotification({
      code: 'APPLY_SUCCESS',
      msg: 'Success.',
      keyVersion: '1',
      appId: payermax.appId,
      notifyTime: new Date().toISOString(),
      notifyType: 'CANCEL',
      data: {
        cancelNo: `${probeId}-cancel-no`,
        requestId: `${probeId}-request`,
        outTradeNo: payermaxStatus,
        status: 'SUCCESS',
        totalAmount: 120,
        currency: 'SAR',
      },
    });

    const yabandpayCancel = yabandpay.seedPayment({
      tradeId: id('yabandpay', 'cancel'),
      state: 'paid',
    });
    const yabandpayStatus = yabandpay.seedPayment({
      tradeId: id('yabandpay', 'status'),
      state: 'paid',
    });
    const yabandpayWebhook = await yabandpay.notificationFor(yabandpayStatus);

    return {
      liquido: {
        baseUrl: baseUrls.liquido,
        settings: { ...LIQUIDO },
        cancelPaymentId: liquidoCancel,
        statusPaymentId: liquidoStatus,
        webhook: { ...liquidoWebhook, paymentId: liquidoStatus },
      },
      payermax: {
        baseUrl: baseUrls.payermax,
        settings: {
          appId: payermax.appId,
          privateKey: keys.merchantPrivateKey,
          payermaxPublicKey: payermax.publicKey,
        },
        cancelPaymentId: payermaxCancel,
        statusPaymentId: payermaxStatus,
        webhook: { ...payermaxWebhook, paymentId: payermaxStatus },
      },
      yabandpay: {
        baseUrl: baseUrls.yabandpay,
        settings: { ...YABANDPAY },
        cancelPaymentId: yabandpayCancel,
        statusPaymentId: yabandpayStatus,
        webhook: { body: yabandpayWebhook, headers: {}, paymentId: yabandpayStatus },
      },
    };
  }

  return {
    urls,
    fixtureFor,
    close: async () => {
      await Promise.all(served.map((s) => s.close()));
    },
  };
}
