import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // One file at a time: the fault matrix asserts time budgets, the load and benchmark runs
    // measure throughput; files running side by side on two cores would skew all three.
    fileParallelism: false,
  },
});
