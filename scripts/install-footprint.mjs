#!/usr/bin/env node
// Measures what installing each published package pulls in, the way a user gets it: packs every
// package (`pnpm pack`, which rewrites workspace: versions), then installs core alone and each
// connector with core into its own empty npm project outside the workspace, and lists
// node_modules and its size. Dependencies from the registry (valibot, node-forge) are
// downloaded by npm.
//
//   node scripts/install-footprint.mjs [--json] [--write-readme] [--keep <dir>]
//
// --keep leaves the projects in <dir>/<package folder> (the release-checks tests import from them).
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { formatBytes, replaceSection, table } from './lib/markdown.mjs';
import { cleanEnv, publishablePackages, ROOT } from './lib/workspace.mjs';

const run = promisify(execFile);

async function pack(pkg, destination) {
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', destination], {
    cwd: pkg.path,
    env: cleanEnv(),
  });
  const tarball = stdout.trim().split('\n').pop().trim();
  return resolve(pkg.path, tarball);
}

function sizeOf(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = sizeOf(path);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += statSync(path).size;
      files += 1;
    }
  }
  return { bytes, files };
}

/** Installs the tarballs into a new npm project at `dir` and describes its node_modules. */
async function installInto(dir, tarballs) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'paykit-install-check', private: true, type: 'module' }, null, 2)}\n`,
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: dir,
    env: cleanEnv(),
    maxBuffer: 16 * 1024 * 1024,
  });
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8'));
  const installed = Object.entries(lock.packages)
    .filter(([path]) => path.startsWith('node_modules/'))
    .map(([path, info]) => ({
      name: path.replace(/^.*node_modules\//, ''),
      version: info.version,
      bytes: sizeOf(join(dir, path)).bytes,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { installed, ...sizeOf(join(dir, 'node_modules')) };
}

async function measureInstalls({ keep } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'paykit-footprint-'));
  const projects = keep ? resolve(keep) : join(work, 'projects');
  try {
    const packages = publishablePackages();
    const tarballDir = join(work, 'tarballs');
    mkdirSync(tarballDir);
    const tarballs = new Map();
    for (const pkg of packages) tarballs.set(pkg.name, await pack(pkg, tarballDir));
    const core = tarballs.get('@paykit/core');
    return await Promise.all(
      packages.map(async (pkg) => {
        const dir = join(projects, basename(pkg.path));
        const wanted = pkg.name === '@paykit/core' ? [core] : [core, tarballs.get(pkg.name)];
        const result = await installInto(dir, wanted);
        return {
          name: pkg.name,
          version: pkg.manifest.version,
          dir: pkg.dir,
          project: dir,
          dependencies: Object.keys(pkg.manifest.dependencies ?? {}).sort(),
          ...result,
        };
      }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readmeSection(results) {
  const rows = results.map((r) => [
    `\`${r.name}\``,
    r.dependencies.map((d) => `\`${d}\``).join(', '),
    r.installed.map((p) => `\`${p.name}\` ${p.version} (${formatBytes(p.bytes)})`).join(', '),
    formatBytes(r.bytes),
  ]);
  const connectors = results.filter((r) => r.name !== '@paykit/core');
  const withForge = connectors.filter((r) => r.installed.some((p) => p.name === 'node-forge'));
  const withOthers = connectors.filter(
    (r) => r.installed.filter((p) => p.name.startsWith('@paykit/connector-')).length > 1,
  );
  const names = (list) => list.map((r) => `\`${r.name}\``).join(', ') || 'none';
  return `What \`npm install\` of one package brings into an empty project: core alone, and each
connector with core, installed from the tarballs \`pnpm pack\` makes, their dependencies from the
registry. Sizes are the bytes of the files in \`node_modules\`. Measured by
\`pnpm footprint\` (\`pnpm footprint --write-readme\` rewrites this section).

${table(['package', 'depends on', 'installed packages', 'size on disk'], rows)}

Connectors that install node-forge: ${names(withForge)}.
Connectors that install another provider's connector: ${names(withOthers)}.
Core lists node-forge only as an optional peer dependency, so npm leaves it out unless a
connector depends on it.`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
      keep: { type: 'string' },
    },
  });
  const results = await measureInstalls({ keep: values.keep });
  if (values.json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    console.log(
      table(
        ['package', 'packages installed', 'size on disk'],
        results.map((r) => [
          r.name,
          r.installed.map((p) => `${p.name}@${p.version}`).join(', '),
          formatBytes(r.bytes),
        ]),
      ),
    );
  }
  if (values['write-readme']) {
    const readme = join(ROOT, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const section = readmeSection(results);
    writeFileSync(
      readme,
      replaceSection(text, 'install-footprint', 'What each package pulls in', section),
    );
    console.error('README.md: "What each package pulls in" updated.');
  }
}

await main();
