#!/usr/bin/env node
// Fails when a published package's source changed without a changeset naming it. Every change
// to packages/*/src must come with a new (or edited) .changeset/*.md that lists the package, so
// that `changeset version` bumps it and its changelog says why.
//
//   pnpm changeset:check [--since <git ref>]
//
// The base it compares with: --since, else $CHANGESET_BASE, else on a pull request the branch
// point with $GITHUB_BASE_REF, else in CI (CI=true, where main is built commit by commit) the
// previous commit, else HEAD (what you have not committed yet). Without a git repository or
// without that base commit (a shallow clone, the first commit) there is nothing to compare: it
// says so and passes.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { since: { type: 'string' } } });
const cwd = process.cwd();

function git(...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryGit(...args) {
  try {
    return git(...args).trim();
  } catch {
    return undefined;
  }
}

function pass(message) {
  console.log(`changeset:check: ${message}`);
  process.exit(0);
}

// Read by name, not as process.env.X: the script runs outside turbo, whose env declarations
// Biome's noUndeclaredEnvVars checks.
function envVar(name) {
  return process.env[name] || undefined;
}

function chooseBase() {
  if (values.since) return values.since;
  if (envVar('CHANGESET_BASE')) return envVar('CHANGESET_BASE');
  const pullRequestBase = envVar('GITHUB_BASE_REF');
  if (pullRequestBase) return tryGit('merge-base', 'HEAD', `origin/${pullRequestBase}`) ?? 'HEAD~1';
  const ci = envVar('CI');
  return ci && ci !== 'false' ? 'HEAD~1' : 'HEAD';
}

/** The package names a changeset's front matter lists; [] for an empty changeset. */
function packagesInChangeset(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!match) return undefined;
  const names = [];
  for (const line of match[1].split(/\r?\n/)) {
    const entry = /^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch|none)\s*$/.exec(line);
    if (entry) names.push(entry[1]);
  }
  return names;
}

if (tryGit('rev-parse', '--is-inside-work-tree') !== 'true') {
  pass('not a git repository, nothing to compare: passing.');
}
const base = chooseBase();
if (!tryGit('rev-parse', '--verify', '--quiet', `${base}^{commit}`)) {
  pass(`no commit "${base}" to compare with (first commit or shallow clone): passing.`);
}

// Working tree against the base (committed, staged and unstaged changes), plus new files.
const changed = new Map();
for (const line of git('diff', '--name-status', '--no-renames', base, '--').split('\n')) {
  const [status, path] = line.split('\t');
  if (path) changed.set(path, status);
}
for (const path of git('ls-files', '--others', '--exclude-standard').split('\n')) {
  if (path) changed.set(path, 'A');
}

const changedPackages = new Map();
for (const path of changed.keys()) {
  const match = /^packages\/([^/]+)\/src\//.exec(path);
  if (!match) continue;
  const manifest = join(cwd, 'packages', match[1], 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!pkg.private) changedPackages.set(pkg.name, `packages/${match[1]}`);
}

const covered = new Set();
const changesets = [];
let emptyChangeset;
for (const [path, status] of changed) {
  if (status === 'D' || !/^\.changeset\/[^/]+\.md$/.test(path) || /README\.md$/i.test(path))
    continue;
  const names = packagesInChangeset(readFileSync(join(cwd, path), 'utf8'));
  if (!names) {
    console.error(
      `changeset:check: ${path} has no front matter; write it with \`pnpm changeset\`.`,
    );
    process.exit(1);
  }
  changesets.push(path);
  if (names.length === 0) emptyChangeset = path;
  for (const name of names) covered.add(name);
}

if (changedPackages.size === 0) pass(`no package source changed since ${base}.`);
if (emptyChangeset) {
  pass(`${emptyChangeset} is an empty changeset: the change needs no release.`);
}
const missing = [...changedPackages].filter(([name]) => !covered.has(name));
if (missing.length > 0) {
  console.error(`changeset:check: source changed since ${base} without a changeset for:`);
  for (const [name, dir] of missing) console.error(`  ${name} (${dir}/src)`);
  console.error(
    changesets.length
      ? `The new changesets (${changesets.join(', ')}) do not name them.`
      : 'No changeset was added.',
  );
  console.error(
    'Run `pnpm changeset` and pick these packages (or `pnpm changeset --empty` for a change that needs no release).',
  );
  process.exit(1);
}
pass(
  `${[...changedPackages.keys()].join(', ')} changed since ${base}; covered by ${changesets.join(', ')}.`,
);
