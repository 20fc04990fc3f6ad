import { createAcmePay, createAcmePaySimulator } from '../../third-party/index.js';
import { money } from '../money.js';
import { randomToken } from '../random.js';
import type { ConnectorSetup } from '../types.js';

type AcmeSecrets = { apiKey: string; signingSecret: string };

/** The third-party connector of src/third-party, plugged in exactly like the built-in ones. */
export const acmePaySetup: ConnectorSetup<AcmeSecrets> = {
  id: 'acme-pay',
  env: [],
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
  faults: ['503', 'timeout', 'reset'],
  providerOptions: (values) => (values.reason ? { reason: values.reason } : {}),
  generateSecrets: async () => ({
    apiKey: `sk_test_${randomToken(24)}`,
    signingSecret: `whsec_${randomToken(32)}`,
  }),
  secretValues: (secrets) => [secrets.apiKey, secrets.signingSecret],
  async startSimulator(secrets, settings) {
    const sim = createAcmePaySimulator(secrets);
    sim.seedDemoPayments();
    const served = await sim.listen();
    return {
      connector: createAcmePay({ ...secrets, ...settings, baseUrl: served.url }),
      simulator: {
        url: served.url,
        faults: sim.faults,
        requests: sim.requests,
        close: served.close,
        listPayments: () =>
          sim.listPayments().map((p) => ({
            id: p.id,
            state: p.state,
            ...money(p.amount, p.currency),
            kind: 'card authorization',
            description: `${p.description}, ${p.createdAt.toISOString().slice(0, 10)}`,
            cancellable: sim.voidable(p),
          })),
      },
    };
  },
};
