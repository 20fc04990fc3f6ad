import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { BUILD_DIR, MATRIX_DIR } from './paths.js';

export interface Probes {
  /** ESM that imports the built packages by name (Node, Bun, Deno resolve them). */
  cliEsm: string;
  /** CommonJS that `require`s the built packages by name (Node). */
  cliCjs: string;
  /** A module worker with the connectors' dist entries bundled in (workerd). */
  worker: string;
  /** A browser module with the connectors' dist entries bundled in (Chromium). */
  browser: string;
  /** The Node script that runs the worker in workerd through miniflare. */
  workerdHost: string;
}

const entry = (name: string) => join(MATRIX_DIR, 'src', name);

/** Builds every probe into test-output/probe with esbuild. */
export async function buildProbes(): Promise<Probes> {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  const out = (name: string) => join(BUILD_DIR, name);
  const probes: Probes = {
    cliEsm: out('cli.mjs'),
    cliCjs: out('cli.cjs'),
    worker: out('worker.js'),
    browser: out('browser.js'),
    workerdHost: out('workerd-host.mjs'),
  };
  const common: esbuild.BuildOptions = {
    absWorkingDir: MATRIX_DIR,
    bundle: true,
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
  };
  await Promise.all([
    // The packages stay imports: each runtime resolves them through their export maps.
    esbuild.build({
      ...common,
      entryPoints: [entry('entries/cli.ts')],
      outfile: probes.cliEsm,
      format: 'esm',
      platform: 'neutral',
      packages: 'external',
    }),
    esbuild.build({
      ...common,
      entryPoints: [entry('entries/cli.ts')],
      outfile: probes.cliCjs,
      format: 'cjs',
      platform: 'node',
      packages: 'external',
    }),
    // Bundled as wrangler bundles a worker: workerd's conditions, browser fields.
    esbuild.build({
      ...common,
      entryPoints: [entry('entries/worker.ts')],
      outfile: probes.worker,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
    }),
    esbuild.build({
      ...common,
      entryPoints: [entry('entries/browser.ts')],
      outfile: probes.browser,
      format: 'esm',
      platform: 'browser',
    }),
    esbuild.build({
      ...common,
      entryPoints: [entry('hosts/workerd-host.ts')],
      outfile: probes.workerdHost,
      format: 'esm',
      platform: 'node',
      packages: 'external',
    }),
  ]);
  return probes;
}
