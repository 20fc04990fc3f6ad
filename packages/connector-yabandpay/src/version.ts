// Replaced at build time by the version in package.json (tsup.shared.ts; vitest.config.ts in
// tests), so that neither the code nor its declarations import package.json.
declare const __PAYKIT_PACKAGE_VERSION__: string;

/** This package's version. */
export const VERSION: string = __PAYKIT_PACKAGE_VERSION__;
