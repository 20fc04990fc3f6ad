import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM with declarations, a main entry and a
 * `/testing` entry; node: modules stay imports (only the testing entries use them).
 */
export function packageBuild(external: (string | RegExp)[] = []): Options {
  return {
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    external: [/^node:/, ...external],
  };
}
