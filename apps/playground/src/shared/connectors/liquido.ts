import { createLiquido, PAYCASH_STORES, payCashAgreementCode } from '@paykit/connector-liquido';
import { createLiquidoSimulator } from '@paykit/connector-liquido/testing';
import { money } from '../money.js';
import { randomToken } from '../random.js';
import type { ConnectorSetup, ReferenceTable } from '../types.js';

type LiquidoSecrets = { clientId: string; clientSecret: string; apiKey: string };

/** Seed 000's store table, each code looked up through the package's own helper. */
const payCashTable: ReferenceTable = {
  title: 'PayCash stores and their agreement codes',
  when: { target: 'reference' },
  note: 'A payer gives the reference number at the store, with the agreement code where the store needs one.',
  columns: ['Store', 'Agreement code'],
  rows: PAYCASH_STORES.map(({ store }) => [store, payCashAgreementCode(store) ?? 'not needed']),
};

export const liquidoSetup: ConnectorSetup<LiquidoSecrets> = {
  id: 'liquido',
  env: [
    { name: 'LIQUIDO_CLIENT_ID', secret: false, required: true },
    { name: 'LIQUIDO_CLIENT_SECRET', secret: true, required: true },
    { name: 'LIQUIDO_API_KEY', secret: true, required: true },
  ],
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
  faults: ['503', 'timeout', 'reset'],
  referenceTables: [payCashTable],
  providerOptions: (values) => (values.target ? { target: values.target } : {}),
  generateSecrets: async () => ({
    clientId: `playground-${randomToken(12)}`,
    clientSecret: randomToken(40),
    apiKey: randomToken(32),
  }),
  secretValues: (secrets) => [secrets.clientSecret, secrets.apiKey],
  async startSimulator(secrets, settings) {
    const sim = createLiquidoSimulator(secrets);
    sim.seedDemoPayments();
    const served = await sim.listen();
    return {
      // The simulator serves the token endpoint on the same origin, at /oauth2/token.
      connector: createLiquido({ ...secrets, ...settings, baseUrl: served.url }),
      simulator: {
        url: served.url,
        faults: sim.faults,
        requests: sim.requests,
        close: served.close,
        listPayments: () =>
          sim.listPayments().map((p) => ({
            id: p.idempotencyKey,
            state: p.status,
            ...money(p.amount, p.currency),
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
      },
    };
  },
  connectSandbox: (env, settings) =>
    createLiquido({
      clientId: env.LIQUIDO_CLIENT_ID!,
      clientSecret: env.LIQUIDO_CLIENT_SECRET!,
      apiKey: env.LIQUIDO_API_KEY!,
      ...settings,
    }),
};
