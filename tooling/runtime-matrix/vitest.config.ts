import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The whole matrix runs once, in beforeAll; its runtimes have their own timeouts.
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
});
