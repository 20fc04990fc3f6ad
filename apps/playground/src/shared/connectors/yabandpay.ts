import { createYabandPay } from '@paykit/connector-yabandpay';
import {
  createYabandPaySimulator,
  type SimPayment,
  silentCancelDeadline,
} from '@paykit/connector-yabandpay/testing';
import { moneyFromMajor } from '../money.js';
import { randomToken } from '../random.js';
import type { ConnectorSetup, PaymentRow } from '../types.js';

type YabandPaySecrets = { secretKey: string; tid: string };

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

function rowOf(p: SimPayment, now: number): PaymentRow {
  const { method, possible } = methodFor(p, now);
  const flags = (['cleared', 'refunded', 'expired'] as const).filter(
    (flag) => p[flag] && !p.description.toLowerCase().includes(flag),
  );
  return {
    id: p.tradeId,
    state: p.state,
    ...(p.cancelledBy ? { stateDetail: `by ${p.cancelledBy}` } : {}),
    ...moneyFromMajor(p.amount, p.currency),
    kind: 'POS',
    description: [p.description, ...flags, `order ${p.orderId}`, `terminal ${p.tid}`].join(' · '),
    cancellable: possible,
    options: { method },
  };
}

export const yabandPaySetup: ConnectorSetup<YabandPaySecrets> = {
  id: 'yabandpay',
  env: [
    { name: 'YABANDPAY_SECRET_KEY', secret: true, required: true },
    { name: 'YABANDPAY_TID', secret: false, required: false },
  ],
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
  faults: ['503', 'timeout', 'reset'],
  providerOptions: (values) => ({
    ...(values.method ? { method: values.method } : {}),
    ...(values.tid ? { tid: values.tid } : {}),
  }),
  generateSecrets: async () => ({
    secretKey: randomToken(32),
    tid: `T${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
  }),
  secretValues: (secrets) => [secrets.secretKey],
  async startSimulator(secrets, settings) {
    const sim = createYabandPaySimulator(secrets);
    sim.seedDemoPayments();
    const served = await sim.listen();
    return {
      connector: createYabandPay({ ...secrets, ...settings, baseUrl: served.url }),
      simulator: {
        url: served.url,
        faults: sim.faults,
        requests: sim.requests,
        close: served.close,
        listPayments: () => sim.listPayments().map((p) => rowOf(p, Date.now())),
      },
    };
  },
  connectSandbox: (env, settings) =>
    createYabandPay({
      secretKey: env.YABANDPAY_SECRET_KEY!,
      ...(env.YABANDPAY_TID ? { tid: env.YABANDPAY_TID } : {}),
      ...settings,
    }),
};
