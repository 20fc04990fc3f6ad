import { runConformanceSuite } from '@paykit/core/testing';
import { liquidoTestKit } from '../src/testing/index.js';

// Charges: the default target.
await runConformanceSuite(liquidoTestKit, { name: 'charges' });

// PayCash references, through providerOptions.liquido.target.
await runConformanceSuite(liquidoTestKit, {
  name: 'PayCash references',
  seedCancellable: (sim) => sim.seedReference(),
  providerOptions: { liquido: { target: 'reference' } },
});
