import { runConformanceSuite } from '../src/testing/index.js';
import { createToy, createToySimulator } from './fixtures/toy-connector.js';

const apiKey = 'toy-secret-key-123';

await runConformanceSuite({
  createSimulator: () => createToySimulator(apiKey),
  createConnector: (_sim, overrides) => createToy({ apiKey, ...overrides }),
  seedCancellable: (sim) => sim.seed(),
  secrets: [apiKey],
  invalidPaymentIds: ['../etc', 'a/b', 'a?b', 'a#b', 'a b', 'a\u0000b'],
});
