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
import { create{{Name}} } from '../{{id}}-connector.js';
import { {{NAME}}_DISPLAY_NAME, {{NAME}}_ID } from '../{{id}}-settings.js';
import {
  create{{Name}}Simulator,
  type Simulated{{Name}}Payment,
  type {{Name}}Simulator,
} from './{{id}}-simulator.js';

/** What a {{displayName}} simulator accepts. */
export type {{Name}}TestCredentials = {
  apiKey: string;
  signingSecret: string;
};

const generateCredentials = (): {{Name}}TestCredentials => ({
  apiKey: `sk_test_${throwawayToken(24)}`,
  signingSecret: `sig_test_${throwawayToken(32)}`,
});

const kitCredentials = ownCredentials(generateCredentials);

// The simulator lets a cancel through only before capture.
const CANCELLABLE = new Set(['PENDING', 'AUTHORIZED']);

const CANCEL_PATH = /^\/v1\/payments\/([^/]+)\/cancel$/;

function cancellable(p: Simulated{{Name}}Payment, now: number): boolean {
  return CANCELLABLE.has(p.status) && (p.cancellableUntil === undefined || now <= p.cancellableUntil);
}

function rowOf(p: Simulated{{Name}}Payment, now: number): TestKitPayment {
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
 * {{displayName}} against its simulator, for generic tests (the conformance suite, the system
 * tests) and the playground. A payment is an AUTHORIZED card payment of 12.50 EUR.
 */
export const {{name}}TestKit = defineTestKit<{{Name}}Simulator, {{Name}}TestCredentials>({
  id: {{NAME}}_ID,
  displayName: {{NAME}}_DISPLAY_NAME,
  generateCredentials,
  createSimulator: (credentials = kitCredentials()) => create{{Name}}Simulator(credentials),
  createConnector: (sim, settings = {}) => create{{Name}}({ ...sim.credentials, ...settings }),
  secrets: (sim) => [sim.credentials.apiKey, sim.credentials.signingSecret],

  seedCancellable: (sim, paymentId) =>
    sim.seedPayment({ ...(paymentId !== undefined ? { id: paymentId } : {}), status: 'AUTHORIZED' }),
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
