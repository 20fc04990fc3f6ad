import { type Money, toMinorUnits } from '@paykit/core';
import {
  defineTestKit,
  jsonStringAt,
  ownCredentials,
  type RecordedRequest,
  type TestKitPayment,
  throwawayToken,
} from '@paykit/core/testing';
import { createPayerMax } from '../index.js';
import { PAYERMAX_DISPLAY_NAME, PAYERMAX_ID } from '../payermax-settings.js';
import type { SimPayment } from './payermax-sim-store.js';
import { createPayerMaxSimulator, type PayerMaxSimulator } from './payermax-simulator.js';
import { generatePayerMaxTestKeys, type PayerMaxTestKeys } from './payermax-test-keys.js';

/** What a PayerMax simulator accepts: the merchant, its key pair and PayerMax's key pair. */
export type PayerMaxTestCredentials = {
  appId: string;
  /** When set, the simulator refuses a request for another merchant. */
  merchantNo?: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  payermaxPrivateKey: string;
  payermaxPublicKey: string;
};

// RSA key generation is the slow part: one set of key pairs per process.
let keys: PayerMaxTestKeys | undefined;
function processKeys(): PayerMaxTestKeys {
  keys ??= generatePayerMaxTestKeys();
  return keys;
}

const generateCredentials = (): PayerMaxTestCredentials => ({
  appId: throwawayToken(32, '0123456789abcdef'),
  merchantNo: `P0101${throwawayToken(10, '0123456789')}`,
  ...processKeys(),
});

const kitCredentials = ownCredentials(generateCredentials);

/** Which credentials each simulator was made with: the merchant's private key is not in it. */
const credentialsOf = new WeakMap<PayerMaxSimulator, PayerMaxTestCredentials>();

/** In the demo, a cancel stays PENDING this long, then settles when next looked at. */
const DEMO_SETTLE_AFTER_MS = 2000;

function moneyOf(p: SimPayment): Money | undefined {
  try {
    return { amount: toMinorUnits(p.totalAmount, p.currency), currency: p.currency };
  } catch {
    return undefined;
  }
}

function rowOf(p: SimPayment): TestKitPayment {
  const cancel = p.cancels.at(-1);
  const amount = moneyOf(p);
  return {
    id: p.outTradeNo,
    state: p.status,
    ...(cancel ? { stateDetail: `cancel ${cancel.status}` } : {}),
    ...(amount ? { amount } : {}),
    kind: 'auth-capture',
    cancellable: p.status === 'AUTHORIZED' && cancel?.status !== 'PENDING',
  };
}

/**
 * PayerMax against its simulator, for generic tests and the playground. A payment is an
 * authorised auth-capture order of 25.50 USD; the simulator signs its answers, and verifies the
 * merchant's request signatures with node:crypto (an implementation independent of core's).
 */
export const payerMaxTestKit = defineTestKit<PayerMaxSimulator, PayerMaxTestCredentials>({
  id: PAYERMAX_ID,
  displayName: PAYERMAX_DISPLAY_NAME,
  generateCredentials,
  createSimulator(credentials = kitCredentials(), options = {}) {
    const sim = createPayerMaxSimulator({
      merchantPublicKey: credentials.merchantPublicKey,
      appId: credentials.appId,
      ...(credentials.merchantNo !== undefined ? { merchantNo: credentials.merchantNo } : {}),
      keys: {
        privateKey: credentials.payermaxPrivateKey,
        publicKey: credentials.payermaxPublicKey,
      },
      ...(options.demo ? { settleAfterMs: DEMO_SETTLE_AFTER_MS } : {}),
    });
    credentialsOf.set(sim, credentials);
    return sim;
  },
  createConnector(sim, settings = {}) {
    const credentials = credentialsOf.get(sim);
    if (!credentials) throw new Error('This simulator was not made by payerMaxTestKit.');
    return createPayerMax({
      appId: credentials.appId,
      ...(credentials.merchantNo !== undefined ? { merchantNo: credentials.merchantNo } : {}),
      privateKey: credentials.merchantPrivateKey,
      payermaxPublicKey: sim.publicKey,
      ...settings,
    });
  },
  // The merchant's private key is the connector's one secret (PayerMax's own key stays in the
  // simulator, which signs with it).
  secrets(sim) {
    const credentials = credentialsOf.get(sim);
    return credentials ? [credentials.merchantPrivateKey] : [];
  },

  seedCancellable: (sim, paymentId) =>
    sim.seedPayment({
      ...(paymentId !== undefined ? { outTradeNo: paymentId } : {}),
      amount: 25.5,
    }),
  // A cancel counts once PayerMax accepted it (the simulator settles it when next looked at).
  state(sim, paymentId) {
    const payment = sim.getPayment(paymentId);
    if (!payment) return 'missing';
    return payment.status === 'CANCELLED' ? 'cancelled' : 'open';
  },
  cancelCount: (sim, paymentId) => sim.getPayment(paymentId)?.cancels.length ?? 0,
  // The status query is `POST …/orderQuery`; every other request is a cancel.
  isCancelRequest: (request) => !request.path.endsWith('/orderQuery'),
  paymentIdOf: (request: RecordedRequest) => jsonStringAt(request.body, 'data', 'outTradeNo'),
  wireRequestId: (request: RecordedRequest) => jsonStringAt(request.body, 'data', 'requestId'),

  conformance: {
    // PayerMax ids travel in the signed JSON body, so "/", "?" or "#" in an id are not invalid
    // here; only the suite's universal cases (empty, not a string, too long) and these are.
    invalidPaymentIds: ['a\u0000b', 'line\nbreak', 'y'.repeat(100)],
    // orderQuery has no cancel state: a voided auth-capture order still reads SUCCESS.
    getPaymentShowsCancel: false,
  },

  seedDemo(sim) {
    sim.seedDemoPayments();
    // The demo set has two cancellable orders; a session of clicking needs a few more.
    for (const [amount, currency] of [
      [59.9, 'USD'],
      [240, 'SAR'],
      [18.75, 'EUR'],
    ] as const) {
      sim.seedPayment({ status: 'AUTHORIZED', amount, currency });
    }
  },
  listPayments: (sim) => sim.listPayments().map(rowOf),
  options: [],
  providerOptions: () => ({}),
  // PayerMax signs its answers: a wrong signature is a fault worth seeing.
  faults: ['503', 'timeout', 'reset', 'bad-signature'],
});
