import { runConformanceSuite } from '@paykit/core/testing';
import { createLiquido } from '../src/index.js';
import { createLiquidoSimulator } from '../src/testing/index.js';
import { CREDENTIALS } from './helpers.js';

// Charges: the default target.
await runConformanceSuite({
  name: 'charges',
  createSimulator: () => createLiquidoSimulator(CREDENTIALS),
  createConnector: (_sim, overrides) => createLiquido({ ...CREDENTIALS, ...overrides }),
  seedCancellable: (sim) =>
    sim.seedCharge({
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
    }),
  secrets: [CREDENTIALS.clientSecret, CREDENTIALS.apiKey],
  invalidPaymentIds: ['../x', 'a/b', 'a?b', 'a#b', 'a b', 'a\u0000b', '..'],
});

// PayCash references, through providerOptions.liquido.target.
await runConformanceSuite({
  name: 'PayCash references',
  createSimulator: () => createLiquidoSimulator(CREDENTIALS),
  createConnector: (_sim, overrides) => createLiquido({ ...CREDENTIALS, ...overrides }),
  seedCancellable: (sim) => sim.seedReference(),
  providerOptions: { liquido: { target: 'reference' } },
  secrets: [CREDENTIALS.clientSecret, CREDENTIALS.apiKey],
  invalidPaymentIds: ['../x', 'a/b', 'a?b', 'a#b', 'a b', 'a\u0000b', '..'],
});
