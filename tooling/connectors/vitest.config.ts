import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Kits make RSA keys and start simulators: seconds on a loaded machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
