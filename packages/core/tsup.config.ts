import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // The testing toolkit needs node:http; the runtime entry must not.
  external: ['node-forge', 'vitest', /^node:/],
});
