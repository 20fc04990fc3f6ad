import { runConformanceSuite } from '@paykit/core/testing';
import { payerMaxTestKit } from '../src/testing/index.js';

await runConformanceSuite(payerMaxTestKit);
