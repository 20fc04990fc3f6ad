import { fromMinorUnits, toMinorUnits } from '@paykit/core';
import {
  COMMON_TEST_KIT_FAULTS,
  defineTestKit,
  jsonStringAt,
  ownCredentials,
  type RecordedRequest,
  type TestKitPayment,
  throwawayToken,
} from '@paykit/core/testing';
import { createAcmePay } from '../acme-pay-connector.js';
import { ACME_PAY_DISPLAY_NAME, ACME_PAY_ID } from '../acme-pay-settings.js';
import {
  type AcmePaySimulator,
  createAcmePaySimulator,
  type SimulatedAcmePayPayment,
} from './acme-pay-simulator.js';

/** What a Acme Pay simulator accepts. */
export type AcmePayTestCredentials = {
  apiKey: string;
  signingSecret: string;
};

const generateCredentials = (): AcmePayTestCredentials => ({
  apiKey: `sk_test_${throwawayToken(24)}`,
  signingSecret: `sig_test_${throwawayToken(32)}`,
});

const kitCredentials = ownCredentials(generateCredentials);

// The simulator lets a cancel through only before capture.
const CANCELLABLE = new Set(['PENDING', 'AUTHORIZED']);

const CANCEL_PATH = /^\/v1\/payments\/([^/]+)\/cancel$/;

function cancellable(p: SimulatedAcmePayPayment, now: number): boolean {
  return (
    CANCELLABLE.has(p.status) && (p.cancellableUntil === undefined || now <= p.cancellableUntil)
  );
}

function rowOf(p: SimulatedAcmePayPayment, now: number): TestKitPayment {
  let amount: TestKitPayment['amount'];
  try {
    amount = { amount: toMinorUnits(p.amount, p.currency), currency: p.currency };
  } catch {
    amount = undefined;
  }
  const late = p.cancellableUntil !== undefined && now > p.cancellableUntil;
  return {
    id: p.id,
    state: p.status,
    ...(p.cancellationId ? { stateDetail: p.cancellationId } : {}),
    ...(amount ? { amount } : {}),
    kind: 'card',
    description: [
      amount ? `${fromMinorUnits(amount.amount, amount.currency)} ${amount.currency}` : '',
      late ? 'cancel window passed' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    cancellable: cancellable(p, now),
  };
}

/**
 * Acme Pay against its simulator, for generic tests (the conformance suite, the system
 * tests) and the playground. A payment is an AUTHORIZED card payment of 12.50 EUR.
 */
export const acmePayTestKit = defineTestKit<AcmePaySimulator, AcmePayTestCredentials>({
  id: ACME_PAY_ID,
  displayName: ACME_PAY_DISPLAY_NAME,
  generateCredentials,
  createSimulator: (credentials = kitCredentials()) => createAcmePaySimulator(credentials),
  createConnector: (sim, settings = {}) => createAcmePay({ ...sim.credentials, ...settings }),
  secrets: (sim) => [sim.credentials.apiKey, sim.credentials.signingSecret],

  seedCancellable: (sim, paymentId) =>
    sim.seedPayment({
      ...(paymentId !== undefined ? { id: paymentId } : {}),
      status: 'AUTHORIZED',
    }),
  state(sim, paymentId) {
    const payment = sim.getPayment(paymentId);
    if (!payment) return 'missing';
    return payment.status === 'CANCELLED' ? 'cancelled' : 'open';
  },
  cancelCount: (sim, paymentId) => (sim.getPayment(paymentId)?.cancelRequestId ? 1 : 0),
  // The status query is `GET /v1/payments/{id}`; the cancel is `POST …/cancel`.
  isCancelRequest: (request) => CANCEL_PATH.test(request.path),
  paymentIdOf: (request: RecordedRequest) => {
    const match = CANCEL_PATH.exec(request.path);
    return match ? decodeURIComponent(match[1]!) : undefined;
  },
  wireRequestId: (request: RecordedRequest) => jsonStringAt(request.body, 'request_id'),

  conformance: {
    invalidPaymentIds: ['../x', 'a/b', 'a?b', 'a#b', 'a b', 'a\u0000b', '..'],
  },

  seedDemo: (sim) => {
    sim.seedDemoPayments();
  },
  listPayments: (sim) => sim.listPayments().map((p) => rowOf(p, Date.now())),
  options: [
    {
      name: 'reason',
      label: 'Reason',
      kind: 'choice',
      choices: [
        { value: '', label: '(none)' },
        { value: 'requested_by_customer', label: 'Requested by customer' },
        { value: 'duplicate', label: 'Duplicate' },
        { value: 'fraudulent', label: 'Fraudulent' },
      ],
    },
  ],
  providerOptions: (values) => (values.reason ? { reason: values.reason } : {}),
  faults: COMMON_TEST_KIT_FAULTS,
});
