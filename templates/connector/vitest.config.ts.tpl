import { defineConfig } from 'vitest/config';
import { versionDefine } from '../../tsup.shared.js';

export default defineConfig({
  // The version tsup injects at build time, for the tests that run from src.
  define: versionDefine(import.meta.dirname),
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
