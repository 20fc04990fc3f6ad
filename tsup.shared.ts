import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

/**
 * `__PAYKIT_PACKAGE_VERSION__`, replaced at build time (tsup) and in tests (vitest) by the
 * version in the package's package.json, so that no build imports package.json (which made
 * `var version = "0.0.0"` appear in the declarations). `src/version.ts` of each package declares
 * it.
 */
export function versionDefine(packageDir: string = process.cwd()): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { __PAYKIT_PACKAGE_VERSION__: JSON.stringify(version) };
}

/**
 * The build every published package shares: ESM and CommonJS, each with declarations and source
 * maps (pointing at `src/`, which the packages ship), a main entry, a `/testing` entry and any
 * `entries` more (`{ 'connector/index': 'src/connector/index.ts' }`); node: modules stay imports
 * (only the testing entries use them).
 */
export function packageBuild(
  external: (string | RegExp)[] = [],
  entries: Record<string, string> = {},
): Options {
  return {
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', ...entries },
    // ESM for `import`, split into shared chunks (tsup's default); CommonJS for `require` (and
    // TypeScript's node16 resolution from CommonJS), one file per entry: tsup's CommonJS
    // splitting would lose the source maps' way back to src/.
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    external: [/^node:/, ...external],
    define: versionDefine(),
  };
}
