import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// node-forge is an optional peer and vitest is loaded only by the conformance suite.
// `/connector` is the connector author's entry.
export default defineConfig(
  packageBuild(['node-forge', 'vitest'], { 'connector/index': 'src/connector/index.ts' }),
);
