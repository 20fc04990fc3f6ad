import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tooling/runtime-matrix */
export const MATRIX_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The workspace root. */
export const ROOT = join(MATRIX_DIR, '../..');
/** Where the probes are built: under the package, so that node_modules resolution finds paykit. */
export const BUILD_DIR = join(MATRIX_DIR, 'test-output/probe');
/** The runtimes' npm packages (node20, node22, node24, bun, deno). */
export const RUNTIMES_MODULES = join(MATRIX_DIR, 'runtimes/node_modules');
