import { runConformanceSuite } from '@paykit/core/testing';
import { createYabandPay } from '../src/index.js';
import { createYabandPaySimulator } from '../src/testing/index.js';
import { SECRET, TID } from './helpers.js';

await runConformanceSuite({
  createSimulator: () => createYabandPaySimulator({ secretKey: SECRET, tid: TID }),
  createConnector: (_sim, overrides) =>
    createYabandPay({ secretKey: SECRET, tid: TID, ...overrides }),
  seedCancellable: (sim) => sim.seedPayment({ state: 'paid', day: 'today' }),
  secrets: [SECRET],
  invalidPaymentIds: [
    '../x',
    'a/b',
    'a b',
    'a?b',
    'a#b',
    'a.b',
    'a%2Fb',
    'a\u0000b',
    'a\nb',
    '\u00e9t\u00e9',
    'x'.repeat(65),
  ],
});
