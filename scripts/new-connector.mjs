#!/usr/bin/env node
// Writes a new connector package in the project's layout, from templates/connector, plus its
// first changeset. The result builds and passes its tests (conformance suite included) as is;
// the author then replaces the example wire format with the provider's.
//
//   pnpm new-connector <id> [--name "Display Name"] [--dir <workspace root>] [--dry-run]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));
const OWN_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

// Used when the workspace has no packages/connector-yabandpay to model package.json on.
const MODEL_DEFAULTS = {
  license: 'MIT',
  engines: { node: '>=20.19' },
  repository: { type: 'git', url: 'git+https://github.com/paykit/paykit.git' },
  scripts: {
    build: 'tsup',
    typecheck: 'tsc -p tsconfig.json',
    lint: 'biome check .',
    test: 'vitest run && publint --strict && attw --pack . --profile esm-only',
  },
  dependencies: { '@paykit/core': 'workspace:^', valibot: '^1.5.0' },
  devDependencies: { vitest: '^4.1.12' },
};

function fail(message) {
  console.error(`new-connector: ${message}`);
  process.exit(1);
}

function usage() {
  return 'usage: pnpm new-connector <id> [--name "Display Name"] [--dir <workspace root>] [--dry-run]';
}

/** 'acme-pay' → the names the templates use. */
export function namesFor(id, displayName) {
  const words = id.split('-');
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return {
    id,
    Name: pascal,
    name: pascal[0].toLowerCase() + pascal.slice(1),
    NAME: words.join('_').toUpperCase(),
    snake: words.join('_'),
    displayName: displayName ?? words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '),
    packageName: `@paykit/connector-${id}`,
    year: String(new Date().getFullYear()),
  };
}

function render(text, names) {
  return text.replace(/\{\{(\w+)\}\}/g, (match, key) => {
    if (!(key in names)) throw new Error(`template placeholder ${match} has no value`);
    return names[key];
  });
}

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path, base) : [relative(base, path)];
  });
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** package.json modelled on the YabandPay connector's, so conventions follow the project's. */
function packageJsonFor(root, names) {
  const modelPath = join(root, 'packages/connector-yabandpay/package.json');
  const model = existsSync(modelPath) ? readJson(modelPath) : MODEL_DEFAULTS;
  const pick = (deps, keys) =>
    Object.fromEntries(keys.filter((k) => deps?.[k]).map((k) => [k, deps[k]]));
  const dependencies = pick(model.dependencies, ['@paykit/core', 'valibot']);
  const devDependencies = pick(model.devDependencies, ['vitest']);
  return {
    name: names.packageName,
    version: '0.0.0',
    description: `paykit connector for ${names.displayName}: cancel a payment, read a payment`,
    license: model.license ?? 'MIT',
    type: 'module',
    sideEffects: false,
    engines: model.engines ?? MODEL_DEFAULTS.engines,
    repository: {
      ...(model.repository ?? MODEL_DEFAULTS.repository),
      directory: `packages/connector-${names.id}`,
    },
    keywords: ['paykit', 'payments', names.id, 'cancel', 'void'],
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './testing': { types: './dist/testing/index.d.ts', import: './dist/testing/index.js' },
      './package.json': './package.json',
    },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    files: ['dist', 'README.md', 'LICENSE'],
    scripts: model.scripts ?? MODEL_DEFAULTS.scripts,
    publishConfig: { access: 'public' },
    dependencies: Object.keys(dependencies).length ? dependencies : MODEL_DEFAULTS.dependencies,
    devDependencies: Object.keys(devDependencies).length
      ? devDependencies
      : MODEL_DEFAULTS.devDependencies,
  };
}

/** Every workspace package name, to refuse an id whose package exists under another folder. */
function workspacePackageNames(root) {
  const names = new Set();
  for (const group of ['packages', 'apps', 'tooling']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const manifest = join(dir, entry, 'package.json');
      if (existsSync(manifest)) names.add(readJson(manifest).name);
    }
  }
  return names;
}

/** The files to write, as [path relative to root, content]. */
export function planConnector(root, id, displayName) {
  const names = namesFor(id, displayName);
  const packageDir = `packages/connector-${id}`;
  const files = [];
  const templateDir = join(TEMPLATES, 'connector');
  for (const template of walk(templateDir).sort()) {
    const target = template.replace(/\.tpl$/, '').replaceAll('__id__', id);
    const rootLicense = join(root, 'LICENSE');
    const content =
      target === 'LICENSE' && existsSync(rootLicense)
        ? readFileSync(rootLicense, 'utf8')
        : render(readFileSync(join(templateDir, template), 'utf8'), names);
    files.push([`${packageDir}/${target}`, content]);
  }
  files.push([
    `${packageDir}/package.json`,
    `${JSON.stringify(packageJsonFor(root, names), null, 2)}\n`,
  ]);
  const changeset = render(
    readFileSync(join(TEMPLATES, 'connector-changeset.md.tpl'), 'utf8'),
    names,
  );
  files.push([`.changeset/${id}-initial.md`, changeset]);
  return { names, packageDir, files: files.sort(([a], [b]) => a.localeCompare(b)) };
}

/**
 * Formats the new files with the workspace's Biome (import order and line breaks depend on the
 * id's length and spelling, so templates alone cannot get them right for every id).
 */
function format(root, paths) {
  const biome = [root, OWN_ROOT]
    .map((dir) => join(dir, 'node_modules/.bin/biome'))
    .find((bin) => existsSync(bin));
  if (!biome) {
    console.warn('Biome not found: run `pnpm format` after `pnpm install`.');
    return;
  }
  const result = spawnSync(biome, ['check', '--write', '--no-errors-on-unmatched', ...paths], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    fail(`Biome found problems in the generated files:\n${result.stdout}${result.stderr}`);
  }
}

function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        name: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(`${error.message}\n${usage()}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage());
    return;
  }
  if (positionals.length !== 1) fail(`expected exactly one connector id.\n${usage()}`);
  const [id] = positionals;
  if (!ID_PATTERN.test(id) || id.length < 2 || id.length > 50) {
    fail(
      `invalid id "${id}": use 2-50 lowercase letters, digits and single dashes, starting with a letter (e.g. "acme-pay").`,
    );
  }
  const root = resolve(values.dir ?? process.cwd());
  if (!existsSync(join(root, 'pnpm-workspace.yaml')) || !existsSync(join(root, 'package.json'))) {
    fail(`${root} is not a paykit workspace root (no pnpm-workspace.yaml and package.json).`);
  }
  const { names, packageDir, files } = planConnector(root, id, values.name);
  if (existsSync(join(root, packageDir))) fail(`${packageDir} exists already.`);
  if (workspacePackageNames(root).has(names.packageName)) {
    fail(`a workspace package is named ${names.packageName} already.`);
  }
  const existing = files.map(([path]) => path).filter((path) => existsSync(join(root, path)));
  if (existing.length) fail(`would overwrite ${existing.join(', ')}.`);

  if (values['dry-run']) {
    console.log(`Would write ${files.length} files under ${root}:`);
    for (const [path] of files) console.log(`  ${path}`);
    return;
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // Not the changeset: Biome's Markdown formatter turns its front matter into a heading.
  format(root, [packageDir]);
  console.log(`Wrote ${names.packageName} (${files.length} files):`);
  for (const [path] of files) console.log(`  ${path}`);
  console.log(`
Next:
  pnpm install
  pnpm --filter ${names.packageName} build
  pnpm --filter ${names.packageName} test
Then replace the example wire format in ${packageDir}/src with ${names.displayName}'s; see
docs/authoring-a-connector.md.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
