import { runConformanceSuite } from '@paykit/core/testing';
import { keys, makeConnector, makeSim } from './helpers.js';

// PayerMax ids travel in the signed JSON body, so "/", "?" or "#" in an id are not invalid here;
// only the suite's universal cases (empty, not a string, over 64 characters) are refused.
await runConformanceSuite({
  createSimulator: () => makeSim(),
  createConnector: (sim, overrides) => makeConnector(sim, overrides),
  seedCancellable: (sim) => sim.seedPayment(),
  secrets: [keys.merchantPrivateKey],
  invalidPaymentIds: ['a\u0000b', 'line\nbreak', 'y'.repeat(100)],
  // orderQuery has no cancel state: a voided auth-capture order still reads SUCCESS (authorized).
  getPaymentShowsCancel: false,
});
