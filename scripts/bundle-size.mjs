#!/usr/bin/env node
// Bundles each connector for the browser as an application would (esbuild, ESM, minified) and
// reports its minified and gzipped size and whether node-forge ended up in it.
//
//   pnpm size [--json] [--write-readme]
//
// Module resolution follows what `npm install <connector>` gives a user, not the workspace:
// a bare import is bundled only when the connector's dependency tree (dependencies, never
// devDependencies or optional peers) provides it; otherwise it stays an external import, as
// it would stay unresolved for the user. In the workspace node-forge is reachable from core as a
// devDependency, so without this rule every bundle would wrongly include it.
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { formatBytes, replaceSection, table } from './lib/markdown.mjs';
import { connectorPackages, ROOT } from './lib/workspace.mjs';

// Text from node-forge's own source that survives minification (string literals).
const FORGE_MARKERS = ['forge.setImmediate', 'PuTTY-User-Key-File'];

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The directory of `name` as Node would find it from `fromDir`, following symlinks. */
function findPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return dirname(realpathSync(candidate));
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package a user's install of the connector contains: its runtime dependency closure. */
function installedClosure(connectorDir) {
  const seen = new Map();
  const queue = [realpathSync(connectorDir)];
  while (queue.length) {
    const dir = queue.shift();
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (seen.has(name)) continue;
      const found = findPackage(name, dir);
      if (!found) throw new Error(`${name} (a dependency of ${manifest.name}) is not installed`);
      seen.set(name, found);
      queue.push(found);
    }
  }
  return seen;
}

function userInstallResolution(connectorDir, absent) {
  const installed = installedClosure(connectorDir);
  return {
    name: 'user-install-resolution',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) return undefined;
        if (installed.has(packageName(args.path))) return undefined;
        absent.add(`${args.path} (${args.kind})`);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Inputs reachable from the entry through static imports only. */
function staticallyReached(metafile, entry) {
  const reached = new Set([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const imported of metafile.inputs[queue.shift()]?.imports ?? []) {
      if (imported.kind === 'dynamic-import' || imported.external) continue;
      if (!reached.has(imported.path)) {
        reached.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return reached;
}

/**
 * With code splitting, what the page loads before any dynamic import runs: the entry chunk and
 * the chunks it imports statically, gzipped.
 */
async function initialLoad(esbuild, entry, packagePath) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    splitting: true,
    outdir: join(ROOT, 'node_modules/.cache/bundle-size'),
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    plugins: [userInstallResolution(packagePath, new Set())],
  });
  const files = new Map(result.outputFiles.map((f) => [relative(ROOT, f.path), f.contents]));
  const outputs = result.metafile.outputs;
  const start = Object.keys(outputs).find((key) => outputs[key].entryPoint);
  const loaded = new Set([start]);
  const queue = [start];
  while (queue.length) {
    for (const imported of outputs[queue.shift()].imports) {
      if (imported.kind !== 'import-statement' || imported.external || loaded.has(imported.path))
        continue;
      loaded.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...loaded].reduce((sum, key) => sum + gzipSync(files.get(key), { level: 9 }).length, 0);
}

async function measure(pkg) {
  const require = createRequire(join(ROOT, 'tooling/release-checks/package.json'));
  const esbuild = require('esbuild');
  const entry = join(pkg.path, 'dist/index.js');
  if (!existsSync(entry)) throw new Error(`${pkg.dir}/dist/index.js is missing: run pnpm build`);
  const absent = new Set();
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    plugins: [userInstallResolution(pkg.path, absent)],
  });
  const code = result.outputFiles[0].contents;
  const initialGzippedBytes = await initialLoad(esbuild, entry, pkg.path);
  const text = Buffer.from(code).toString('utf8');
  const inputs = Object.keys(result.metafile.inputs);
  const isForge = (path) => /(^|[\\/])node-forge[\\/]/.test(path);
  const forgeInputs = inputs.filter(isForge);
  const output = Object.values(result.metafile.outputs)[0];
  const forgeBytes = forgeInputs.reduce(
    (sum, p) => sum + (output.inputs[p]?.bytesInOutput ?? 0),
    0,
  );
  const entryInput = relative(ROOT, entry).split('\\').join('/');
  const reached = staticallyReached(result.metafile, entryInput);
  const forgeText = FORGE_MARKERS.filter((marker) => text.includes(marker));
  let forge = 'no';
  if (forgeInputs.length || forgeText.length) {
    forge = forgeInputs.some((p) => reached.has(p))
      ? 'yes, statically imported'
      : 'yes, lazily (dynamic import)';
  }
  return {
    name: pkg.name,
    dir: pkg.dir,
    minifiedBytes: code.length,
    gzippedBytes: gzipSync(code, { level: 9 }).length,
    initialGzippedBytes,
    nodeForge: forge,
    nodeForgeInputs: forgeInputs.length,
    nodeForgeBytes: forgeBytes,
    nodeForgeTextFound: forgeText,
    leftExternal: [...absent].sort(),
  };
}

function readmeSection(results) {
  const rows = results.map((r) => [
    `\`${r.name}\``,
    formatBytes(r.minifiedBytes),
    formatBytes(r.gzippedBytes),
    formatBytes(r.initialGzippedBytes),
    r.nodeForge === 'no'
      ? 'no'
      : `${r.nodeForge}: ${formatBytes(r.nodeForgeBytes)} of the minified size`,
  ]);
  return `Each connector bundled for the browser as an application would bundle it (its \`dist/index.js\`
with esbuild: \`--bundle --minify --platform=browser --format=esm\`, core and valibot included,
resolving only what \`npm install <connector>\` installs). "Initial load" is what a page loads
before any dynamic import runs when the bundler splits code (\`--splitting\`), gzipped. Measured
by \`pnpm size\`, which also writes this table (\`pnpm size --write-readme\`).

${table(['package', 'minified', 'gzipped', 'initial load, split', 'node-forge in the bundle'], rows)}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
    },
  });
  const results = [];
  for (const pkg of connectorPackages()) results.push(await measure(pkg));
  if (values.json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    console.log(
      table(
        ['package', 'minified', 'gzipped', 'initial (split, gz)', 'node-forge', 'left external'],
        results.map((r) => [
          r.name,
          formatBytes(r.minifiedBytes),
          formatBytes(r.gzippedBytes),
          formatBytes(r.initialGzippedBytes),
          r.nodeForge === 'no' ? 'no' : `${r.nodeForge} (${formatBytes(r.nodeForgeBytes)})`,
          r.leftExternal.join(', ') || '-',
        ]),
      ),
    );
  }
  if (values['write-readme']) {
    const readme = join(ROOT, 'README.md');
    const text = readFileSync(readme, 'utf8');
    writeFileSync(
      readme,
      replaceSection(text, 'bundle-sizes', 'Bundle sizes', readmeSection(results)),
    );
    console.error('README.md: "Bundle sizes" updated.');
  }
}

await main();
