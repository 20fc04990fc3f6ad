import { runConformanceSuite } from '@paykit/core/testing';
import { {{name}}TestKit } from '../src/testing/index.js';

// The behaviour every paykit connector must show, run against this connector's simulator.
await runConformanceSuite({{name}}TestKit);
