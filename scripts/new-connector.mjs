#!/usr/bin/env node
// Writes a new connector package in the project's layout, from templates/connector, plus its
// first changeset, and lists its test kit in the connector manifest (tooling/connectors: an
// import, an entry, a workspace dependency), so that the playground, the conformance run, the
// system tests and the release checks pick it up. The result builds and passes its tests
// (conformance suite included) as is; the author then replaces the example wire format with the
// provider's. `--example` writes a private example package under examples/ instead (no
// changeset): examples/connector-acme-pay is made so, and a test checks it still is.
//
//   pnpm new-connector <id> [--name "Display Name"] [--dir <workspace root>] [--example] [--dry-run]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));
const OWN_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
// The display name goes into string literals and Markdown as it is.
const NAME_PATTERN = /^[^'"`\\{}<>\n\r]{1,60}$/;

/** The connector manifest: one list of test kits, and the package that depends on them. */
export const MANIFEST = {
  dir: 'tooling/connectors',
  source: 'tooling/connectors/src/index.ts',
  packageJson: 'tooling/connectors/package.json',
  marker: '// new-connector: generated kits go above this line',
};

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
  return 'usage: pnpm new-connector <id> [--name "Display Name"] [--dir <workspace root>] [--example] [--dry-run]';
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

// The fields of the model's package.json that are the project's conventions, in their order;
// copied as they are, except that the model's folder (in repository.directory, homepage)
// becomes the new package's.
const CONVENTION_FIELDS = [
  'license',
  'type',
  'sideEffects',
  'engines',
  'repository',
  'homepage',
  'bugs',
  'keywords',
  'exports',
  'main',
  'module',
  'types',
  'typesVersions',
  'files',
  'scripts',
  'publishConfig',
];

const FALLBACKS = {
  ...MODEL_DEFAULTS,
  type: 'module',
  sideEffects: false,
  exports: {
    '.': { types: './dist/index.d.ts', import: './dist/index.js' },
    './testing': { types: './dist/testing/index.d.ts', import: './dist/testing/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'README.md', 'LICENSE'],
  publishConfig: { access: 'public' },
};

/** package.json modelled on the YabandPay connector's, so conventions follow the project's. */
function packageJsonFor(root, names, packageDir, { example = false } = {}) {
  const modelDir = 'packages/connector-yabandpay';
  const modelPath = join(root, modelDir, 'package.json');
  const model = existsSync(modelPath) ? readJson(modelPath) : {};
  const pick = (deps, keys) =>
    Object.fromEntries(keys.filter((k) => deps?.[k]).map((k) => [k, deps[k]]));
  const dependencies = pick(model.dependencies, ['@paykit/core', 'valibot']);
  const devDependencies = pick(model.devDependencies, ['vitest']);
  const manifest = {
    name: names.packageName,
    version: '0.0.0',
    // An example is never published: it shows what the generator writes.
    ...(example ? { private: true } : {}),
    description: `paykit connector for ${names.displayName}: cancel a payment, read a payment, verify its webhooks`,
  };
  for (const field of CONVENTION_FIELDS) {
    const value =
      field === 'keywords' ? ['paykit', 'payments', names.id, 'cancel', 'void'] : model[field];
    const chosen = value ?? FALLBACKS[field];
    if (chosen === undefined) continue;
    manifest[field] = JSON.parse(JSON.stringify(chosen).replaceAll(modelDir, packageDir));
  }
  manifest.repository = { ...manifest.repository, directory: packageDir };
  manifest.dependencies = Object.keys(dependencies).length
    ? dependencies
    : MODEL_DEFAULTS.dependencies;
  manifest.devDependencies = Object.keys(devDependencies).length
    ? devDependencies
    : MODEL_DEFAULTS.devDependencies;
  return manifest;
}

/** Every workspace package name, to refuse an id whose package exists under another folder. */
function workspacePackageNames(root) {
  const names = new Set();
  for (const group of ['packages', 'apps', 'tooling', 'examples']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const manifest = join(dir, entry, 'package.json');
      if (existsSync(manifest)) names.add(readJson(manifest).name);
    }
  }
  return names;
}

/**
 * The manifest with this connector's kit listed: its import and its entry in CONNECTOR_KITS (before
 * the marker line), and the workspace dependency. Undefined when the workspace has no manifest;
 * the files unchanged when the kit is listed already.
 */
export function manifestWith(root, names) {
  const sourcePath = join(root, MANIFEST.source);
  const packagePath = join(root, MANIFEST.packageJson);
  if (!existsSync(sourcePath) || !existsSync(packagePath)) return undefined;
  const kit = `${names.name}TestKit`;
  const importLine = `import { ${kit} } from '${names.packageName}/testing';`;
  let source = readFileSync(sourcePath, 'utf8');
  if (!source.includes(importLine)) {
    const lines = source.split('\n');
    const markerAt = lines.findIndex((line) => line.trim() === MANIFEST.marker);
    if (markerAt < 0) {
      throw new Error(`${MANIFEST.source} has no line "${MANIFEST.marker}" to add the kit before.`);
    }
    const indent = /^\s*/.exec(lines[markerAt])[0];
    lines.splice(markerAt, 0, `${indent}${kit},`);
    // After the last import: Biome puts it in order.
    const lastImport = lines.findLastIndex((line) => /^import\s.*\sfrom\s'[^']+';$/.test(line));
    lines.splice(lastImport + 1, 0, importLine);
    source = lines.join('\n');
  }
  const manifest = readJson(packagePath);
  const dependencies = { ...manifest.dependencies, [names.packageName]: 'workspace:*' };
  manifest.dependencies = Object.fromEntries(
    Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)),
  );
  return [
    [MANIFEST.source, source],
    [MANIFEST.packageJson, `${JSON.stringify(manifest, null, 2)}\n`],
  ];
}

/** The files to write, as [path relative to root, content]. */
export function planConnector(root, id, displayName, { example = false } = {}) {
  const names = namesFor(id, displayName);
  const packageDir = `${example ? 'examples' : 'packages'}/connector-${id}`;
  const files = [];
  const templateDir = join(TEMPLATES, 'connector');
  for (const template of walk(templateDir).sort()) {
    const target = template
      .replace(/\.tpl$/, '')
      .replaceAll('__id__', id)
      .split('\\')
      .join('/');
    const rootLicense = join(root, 'LICENSE');
    const content =
      target === 'LICENSE' && existsSync(rootLicense)
        ? readFileSync(rootLicense, 'utf8')
        : render(readFileSync(join(templateDir, template), 'utf8'), names);
    files.push([`${packageDir}/${target}`, content]);
  }
  files.push([
    `${packageDir}/package.json`,
    `${JSON.stringify(packageJsonFor(root, names, packageDir, { example }), null, 2)}\n`,
  ]);
  if (!example) {
    const changeset = render(
      readFileSync(join(TEMPLATES, 'connector-changeset.md.tpl'), 'utf8'),
      names,
    );
    files.push([`.changeset/${id}-initial.md`, changeset]);
  }
  return {
    names,
    packageDir,
    files: files.sort(([a], [b]) => a.localeCompare(b)),
    manifest: manifestWith(root, names),
  };
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
  // A workspace without its own Biome configuration is formatted as this repository is.
  const config = existsSync(join(root, 'biome.json')) ? [] : [`--config-path=${OWN_ROOT}`];
  const result = spawnSync(
    biome,
    ['check', '--write', '--no-errors-on-unmatched', ...config, ...paths],
    { cwd: root, encoding: 'utf8' },
  );
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
        example: { type: 'boolean', default: false },
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
  if (values.name !== undefined && !NAME_PATTERN.test(values.name)) {
    fail(
      `invalid --name "${values.name}": use 1-60 characters without quotes, backslashes, braces or angle brackets.`,
    );
  }
  const root = resolve(values.dir ?? process.cwd());
  if (!existsSync(join(root, 'pnpm-workspace.yaml')) || !existsSync(join(root, 'package.json'))) {
    fail(`${root} is not a paykit workspace root (no pnpm-workspace.yaml and package.json).`);
  }
  let plan;
  try {
    plan = planConnector(root, id, values.name, { example: values.example });
  } catch (error) {
    fail(error.message);
  }
  const { names, packageDir, files, manifest } = plan;
  if (existsSync(join(root, packageDir))) fail(`${packageDir} exists already.`);
  if (workspacePackageNames(root).has(names.packageName)) {
    fail(`a workspace package is named ${names.packageName} already.`);
  }
  const existing = files.map(([path]) => path).filter((path) => existsSync(join(root, path)));
  if (existing.length) fail(`would overwrite ${existing.join(', ')}.`);

  if (values['dry-run']) {
    console.log(`Would write ${files.length} files under ${root}:`);
    for (const [path] of files) console.log(`  ${path}`);
    if (manifest) for (const [path] of manifest) console.log(`and list the kit in ${path}`);
    return;
  }
  for (const [path, content] of [...files, ...(manifest ?? [])]) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // Not the changeset: Biome's Markdown formatter turns its front matter into a heading.
  format(root, [packageDir, ...(manifest ?? []).map(([path]) => path)]);
  console.log(`Wrote ${names.packageName} (${files.length} files):`);
  for (const [path] of files) console.log(`  ${path}`);
  if (manifest) {
    console.log(`Listed ${names.name}TestKit in ${MANIFEST.source} and ${MANIFEST.packageJson}.`);
  } else {
    console.log(`No ${MANIFEST.source} here: list ${names.name}TestKit wherever you list kits.`);
  }
  console.log(`
Next:
  pnpm install
  pnpm --filter ${names.packageName} build
  pnpm --filter ${names.packageName} test
Then replace the example wire format in ${packageDir}/src with ${names.displayName}'s; see
docs/authoring-a-connector.md.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
