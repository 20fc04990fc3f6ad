import type { RecordedRequest, TestKitReferenceTable } from '@paykit/core/testing';
import {
  COMMON_TEST_KIT_FAULTS,
  defineTestKit,
  ownCredentials,
  throwawayToken,
} from '@paykit/core/testing';
import { createLiquido } from '../liquido-connector.js';
import { PAYCASH_STORES, payCashAgreementCode } from '../liquido-paycash-stores.js';
import { LIQUIDO_DISPLAY_NAME, LIQUIDO_ID } from '../liquido-settings.js';
import { createLiquidoSimulator, type LiquidoSimulator } from './liquido-simulator.js';

/** What a Liquido simulator accepts: the OAuth client and the API key. */
export type LiquidoTestCredentials = {
  clientId: string;
  clientSecret: string;
  apiKey: string;
};

const generateCredentials = (): LiquidoTestCredentials => ({
  clientId: `kit-${throwawayToken(12)}`,
  clientSecret: throwawayToken(40),
  apiKey: throwawayToken(32),
});

const kitCredentials = ownCredentials(generateCredentials);

/** Seed 000's store table, each code looked up through the package's own helper. */
const payCashTable: TestKitReferenceTable = {
  title: 'PayCash stores and their agreement codes',
  when: { target: 'reference' },
  note: 'A payer gives the reference number at the store, with the agreement code where the store needs one.',
  columns: ['Store', 'Agreement code'],
  rows: PAYCASH_STORES.map(({ store }) => [store, payCashAgreementCode(store) ?? 'not needed']),
};

/** Liquido's cancels are `POST …/charges/cancel/{key}` and `…/references/cancel/{key}`. */
const isCancelPath = (path: string) =>
  path.startsWith('/v1/payments/charges/') && path.includes('/cancel/');

/**
 * Liquido against its simulator, for generic tests and the playground. A payment is a charge
 * (PIX, IN_PROGRESS) unless told otherwise; the simulator serves the token endpoint too.
 */
export const liquidoTestKit = defineTestKit<LiquidoSimulator, LiquidoTestCredentials>({
  id: LIQUIDO_ID,
  displayName: LIQUIDO_DISPLAY_NAME,
  generateCredentials,
  createSimulator(credentials = kitCredentials()) {
    return createLiquidoSimulator(credentials);
  },
  // baseUrl without authUrl: the token endpoint is `${baseUrl}/oauth2/token`, which the
  // simulator serves on the same origin.
  createConnector: (sim, settings = {}) => createLiquido({ ...sim.credentials, ...settings }),
  secrets: (sim) => [sim.credentials.clientSecret, sim.credentials.apiKey],

  seedCancellable: (sim, paymentId) =>
    sim.seedCharge({
      ...(paymentId !== undefined ? { idempotencyKey: paymentId } : {}),
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
    }),
  state(sim, paymentId) {
    const status = sim.getCharge(paymentId)?.transferStatus ?? sim.getReference(paymentId)?.status;
    if (status === undefined) return 'missing';
    return status === 'CANCELLED' ? 'cancelled' : 'open';
  },
  cancelCount: (sim, paymentId) =>
    (sim.getCharge(paymentId)?.transferStatus ?? sim.getReference(paymentId)?.status) ===
    'CANCELLED'
      ? 1
      : 0,
  // Token requests and the status query (GET /v1/payments/charges/{key}) are not cancels.
  isCancelRequest: (request) => isCancelPath(request.path),
  paymentIdOf: (request: RecordedRequest) =>
    decodeURIComponent(request.path.split('/').pop() ?? ''),
  // No wireRequestId: Liquido has no request id on the wire, its idempotency key is the payment.

  conformance: {
    invalidPaymentIds: ['../x', 'a/b', 'a?b', 'a#b', 'a b', 'a\u0000b', '..'],
  },

  seedDemo: (sim) => {
    sim.seedDemoPayments();
  },
  listPayments: (sim) =>
    sim.listPayments().map((p) => ({
      id: p.idempotencyKey,
      state: p.status,
      amount: { amount: p.amount, currency: p.currency },
      kind: p.kind === 'reference' ? 'PayCash reference' : p.paymentMethod,
      description: [
        p.country,
        p.description === `${p.paymentMethod} payment` ? '' : p.description,
        p.reference ? `ref. ${p.reference}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      cancellable: p.cancellable,
      options: { target: p.target },
    })),
  options: [
    {
      name: 'target',
      label: 'What to cancel',
      kind: 'choice',
      choices: [
        { value: 'charge', label: 'A charge (PIX, boleto, card, PayCash …)' },
        { value: 'reference', label: 'A PayCash reference' },
      ],
    },
  ],
  providerOptions: (values) => (values.target ? { target: values.target } : {}),
  faults: COMMON_TEST_KIT_FAULTS,
  referenceTables: [payCashTable],
});
