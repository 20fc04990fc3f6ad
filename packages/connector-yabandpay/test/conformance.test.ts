import { runConformanceSuite } from '@paykit/core/testing';
import { yabandPayTestKit } from '../src/testing/index.js';

await runConformanceSuite(yabandPayTestKit);
