import { type Money, toMinorUnits } from '@paykit/core';
import {
  COMMON_TEST_KIT_FAULTS,
  defineTestKit,
  jsonStringAt,
  ownCredentials,
  type RecordedRequest,
  type TestKitPayment,
  throwawayToken,
} from '@paykit/core/testing';
import { createYabandPay } from '../yabandpay-connector.js';
import { YABANDPAY_DISPLAY_NAME, YABANDPAY_ID } from '../yabandpay-settings.js';
import { type SimPayment, silentCancelDeadline } from './yabandpay-sim-rules.js';
import { createYabandPaySimulator, type YabandPaySimulator } from './yabandpay-simulator.js';

/** What a YabandPay simulator accepts: the merchant's secret key and its default terminal. */
export type YabandPayTestCredentials = {
  secretKey: string;
  tid: string;
};

const generateCredentials = (): YabandPayTestCredentials => ({
  secretKey: throwawayToken(32),
  tid: `T${throwawayToken(9, '0123456789')}`,
});

const kitCredentials = ownCredentials(generateCredentials);

const UNPAID = ['pending', 'processing', 'verify'];
const HOUR_MS = 3_600_000;

// YabandPay's days are CET days (the simulator uses a fixed UTC+1).
const cetDay = (ms: number) => Math.floor((ms + HOUR_MS) / (24 * HOUR_MS));

/**
 * The method that fits a payment: a POS cancel before it is paid, a reversal on the day it was
 * paid, and after that a silent cancel, which YabandPay allows until 00:30 CET the next day.
 */
function methodFor(p: SimPayment, now: number): { method: string; possible: boolean } {
  const open = !p.cleared && !p.refunded && !p.expired;
  if (UNPAID.includes(p.state)) return { method: 'cancel', possible: open };
  if (cetDay(p.createdAt) === cetDay(now))
    return { method: 'reversal', possible: open && p.state === 'paid' };
  return {
    method: 'silent',
    possible: open && p.state === 'paid' && now < silentCancelDeadline(p.createdAt),
  };
}

function moneyOf(p: SimPayment): Money | undefined {
  try {
    return { amount: toMinorUnits(p.amount, p.currency), currency: p.currency };
  } catch {
    return undefined;
  }
}

function rowOf(p: SimPayment, now: number): TestKitPayment {
  const { method, possible } = methodFor(p, now);
  const flags = (['cleared', 'refunded', 'expired'] as const).filter(
    (flag) => p[flag] && !p.description.toLowerCase().includes(flag),
  );
  const amount = moneyOf(p);
  return {
    id: p.tradeId,
    state: p.state,
    ...(p.cancelledBy ? { stateDetail: `by ${p.cancelledBy}` } : {}),
    ...(amount ? { amount } : {}),
    kind: 'POS',
    description: [p.description, ...flags, `order ${p.orderId}`, `terminal ${p.tid}`].join(' · '),
    cancellable: possible,
    // The method that fits this payment: a UI cancels with it.
    options: { method },
  };
}

/**
 * YabandPay against its simulator, for generic tests and the playground. A payment is a POS
 * payment paid today, which the default method (a reversal) cancels.
 */
export const yabandPayTestKit = defineTestKit<YabandPaySimulator, YabandPayTestCredentials>({
  id: YABANDPAY_ID,
  displayName: YABANDPAY_DISPLAY_NAME,
  generateCredentials,
  createSimulator: (credentials = kitCredentials()) => createYabandPaySimulator(credentials),
  createConnector: (sim, settings = {}) =>
    createYabandPay({ secretKey: sim.secretKey, tid: sim.tid, ...settings }),
  secrets: (sim) => [sim.secretKey],

  seedCancellable: (sim, paymentId) =>
    sim.seedPayment({
      ...(paymentId !== undefined ? { tradeId: paymentId } : {}),
      state: 'paid',
      day: 'today',
    }),
  state(sim, paymentId) {
    const payment = sim.getPayment(paymentId);
    if (!payment) return 'missing';
    return payment.state === 'cancelled' ? 'cancelled' : 'open';
  },
  cancelCount: (sim, paymentId) => (sim.getPayment(paymentId)?.cancelledBy ? 1 : 0),
  // Every call is `POST /Payments`; the status query is the one whose method is v3.QueryOrder.
  isCancelRequest: (request) => !request.body?.includes('"v3.QueryOrder"'),
  paymentIdOf: (request: RecordedRequest) => jsonStringAt(request.body, 'data', 'trade_id'),
  wireRequestId: (request: RecordedRequest) => jsonStringAt(request.body, 'data', 'request_id'),

  conformance: {
    invalidPaymentIds: [
      '../x',
      'a/b',
      'a b',
      'a?b',
      'a#b',
      'a.b',
      'a%2Fb',
      'a\u0000b',
      'a\nb',
      '\u00e9t\u00e9',
      'x'.repeat(65),
    ],
  },

  seedDemo: (sim) => {
    sim.seedDemoPayments();
  },
  listPayments: (sim) => sim.listPayments().map((p) => rowOf(p, Date.now())),
  options: [
    {
      name: 'method',
      label: 'Method',
      kind: 'choice',
      choices: [
        {
          value: 'reversal',
          label: 'Reversal: v3.POSReversal (paid today, shown on the terminal)',
        },
        { value: 'cancel', label: 'POS cancel: v3.POSCancel (not paid yet)' },
        { value: 'silent', label: 'Silent cancel: v3.CancelPayment (until 00:30 CET next day)' },
      ],
    },
    {
      name: 'tid',
      label: 'Terminal id',
      kind: 'text',
      help: 'optional, the default terminal when empty',
    },
  ],
  providerOptions: (values) => ({
    ...(values.method ? { method: values.method } : {}),
    ...(values.tid ? { tid: values.tid } : {}),
  }),
  faults: COMMON_TEST_KIT_FAULTS,
});
