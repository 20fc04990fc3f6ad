import { createPayerMax } from '@paykit/connector-payermax';
import {
  createPayerMaxSimulator,
  generatePayerMaxTestKeys,
} from '@paykit/connector-payermax/testing';
import { moneyFromMajor } from '../money.js';
import { randomToken } from '../random.js';
import type { ConnectorSetup } from '../types.js';

type PayerMaxSecrets = {
  appId: string;
  merchantNo: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  payermaxPrivateKey: string;
  payermaxPublicKey: string;
};

/** A PayerMax cancel is PENDING at first; the simulator settles it this long after, when next looked at. */
const SETTLE_AFTER_MS = 2000;

export const payerMaxSetup: ConnectorSetup<PayerMaxSecrets> = {
  id: 'payermax',
  env: [
    { name: 'PAYERMAX_APP_ID', secret: false, required: true },
    { name: 'PAYERMAX_MERCHANT_NO', secret: false, required: false },
    { name: 'PAYERMAX_PRIVATE_KEY', secret: true, required: true },
    { name: 'PAYERMAX_PUBLIC_KEY', secret: false, required: true },
  ],
  options: [],
  faults: ['503', 'timeout', 'reset', 'bad-signature'],
  providerOptions: () => ({}),
  generateSecrets: async () => ({
    appId: randomToken(32).toLowerCase(),
    merchantNo: `P0101${String(Date.now()).slice(-10)}`,
    ...generatePayerMaxTestKeys(),
  }),
  secretValues: (secrets) => [secrets.merchantPrivateKey, secrets.payermaxPrivateKey],
  async startSimulator(secrets, settings) {
    const sim = createPayerMaxSimulator({
      merchantPublicKey: secrets.merchantPublicKey,
      appId: secrets.appId,
      merchantNo: secrets.merchantNo,
      keys: { privateKey: secrets.payermaxPrivateKey, publicKey: secrets.payermaxPublicKey },
      settleAfterMs: SETTLE_AFTER_MS,
    });
    sim.seedDemoPayments();
    // The demo set has two cancellable orders; a playground session needs a few more.
    for (const [amount, currency] of [
      [59.9, 'USD'],
      [240, 'SAR'],
      [18.75, 'EUR'],
    ] as const) {
      sim.seedPayment({ status: 'AUTHORIZED', amount, currency });
    }
    const served = await sim.listen();
    return {
      connector: createPayerMax({
        appId: secrets.appId,
        merchantNo: secrets.merchantNo,
        privateKey: secrets.merchantPrivateKey,
        payermaxPublicKey: secrets.payermaxPublicKey,
        ...settings,
        baseUrl: served.url,
      }),
      simulator: {
        url: served.url,
        faults: sim.faults,
        requests: sim.requests,
        close: served.close,
        listPayments: () =>
          sim.listPayments().map((p) => {
            const cancel = p.cancels.at(-1);
            return {
              id: p.outTradeNo,
              state: p.status,
              ...(cancel ? { stateDetail: `cancel ${cancel.status}` } : {}),
              ...moneyFromMajor(p.totalAmount, p.currency),
              kind: 'auth-capture',
              cancellable: p.status === 'AUTHORIZED' && cancel?.status !== 'PENDING',
            };
          }),
      },
    };
  },
  connectSandbox: (env, settings) =>
    createPayerMax({
      appId: env.PAYERMAX_APP_ID!,
      ...(env.PAYERMAX_MERCHANT_NO ? { merchantNo: env.PAYERMAX_MERCHANT_NO } : {}),
      privateKey: env.PAYERMAX_PRIVATE_KEY!,
      payermaxPublicKey: env.PAYERMAX_PUBLIC_KEY!,
      ...settings,
    }),
};
