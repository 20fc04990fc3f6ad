import { defineConfig } from 'tsup';

// The CLI as one Node program, dist/cli.js, so that a call starts in well under a second (no
// tsx, no pnpm). Everything is bundled: the connector manifest is TypeScript source, and the
// connectors it lists are not the playground's own dependencies (a new one needs no edit
// here).  The commands past
// --version and --help are a chunk loaded on demand.
export default defineConfig({
  entry: { cli: 'src/cli/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  splitting: true,
  noExternal: [/^(?!(bullmq|vitest)$)/],
  // bullmq: the Redis backend's optional peer; vitest: the conformance suite's, never run here.
  external: ['bullmq', 'vitest'],
  esbuildOptions(options) {
    // tsup's own chunks import each other for order only; dropping those imports is right.
    options.logOverride = { 'ignored-bare-import': 'silent' };
  },
  // CommonJS dependencies in an ES module (cli-progress) need a require of their own.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __playgroundRequire } from 'node:module';\nconst require = __playgroundRequire(import.meta.url);",
  },
});
