import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import {
  bin,
  cleanEnv,
  type PackageManifest,
  publishablePackages,
  ROOT,
  readJson,
  removeTempDirs,
  tempDir,
  workspacePackages,
} from '../src/workspace.js';

afterAll(removeTempDirs);

interface ChangesetConfig {
  fixed: string[][];
  linked: string[][];
  access: string;
  baseBranch: string;
  updateInternalDependencies: string;
  ignore: string[];
}

const allPackages = () => [
  ...workspacePackages('packages'),
  ...workspacePackages('apps'),
  ...workspacePackages('tooling'),
  ...workspacePackages('examples'),
];

/** The package names a changeset's front matter lists, with their bump types. */
function frontMatter(text: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n?---/.exec(text);
  if (!match) throw new Error(`no front matter in:\n${text}`);
  const entries: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n').filter((l) => l.trim())) {
    const entry = /^["']?([^"':]+)["']?\s*:\s*(\S+)\s*$/.exec(line);
    if (!entry) throw new Error(`unreadable changeset line: ${line}`);
    entries[entry[1]!] = entry[2]!;
  }
  return entries;
}

describe('changesets configuration', () => {
  const config = readJson<ChangesetConfig>(join(ROOT, '.changeset/config.json'));

  it('versions every package on its own, publicly, patching dependents', () => {
    expect(config.fixed).toEqual([]);
    expect(config.linked).toEqual([]);
    expect(config.access).toBe('public');
    expect(config.baseBranch).toBe('main');
    expect(config.updateInternalDependencies).toBe('patch');
  });

  it('ignores only private packages, and every ignored package exists', () => {
    const byName = new Map(allPackages().map((p) => [p.name, p.manifest]));
    for (const name of config.ignore) {
      expect(byName.has(name), `${name} is ignored but does not exist`).toBe(true);
      expect(byName.get(name)?.private, `${name} is ignored but published`).toBe(true);
    }
    for (const pkg of publishablePackages()) expect(config.ignore).not.toContain(pkg.name);
  });

  it('has pending changesets that name only published packages with a bump type', () => {
    const published = new Set(publishablePackages().map((p) => p.name));
    const dir = join(ROOT, '.changeset');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      for (const [name, bump] of Object.entries(
        frontMatter(readFileSync(join(dir, file), 'utf8')),
      )) {
        expect(published.has(name), `${file} names ${name}, which is not published`).toBe(true);
        expect(['major', 'minor', 'patch', 'none'], `${file}: ${name}: ${bump}`).toContain(bump);
      }
    }
  });
});

/** A copy of the workspace's manifests and changeset config, without node_modules or sources. */
function copyWorkspace(options: { version?: string; changesets?: 'none' | 'pending' } = {}) {
  const dir = tempDir('changeset-version');
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    cpSync(join(ROOT, file), join(dir, file));
  }
  if (options.changesets === 'pending') {
    for (const file of readdirSync(join(ROOT, '.changeset')).filter((f) => f.endsWith('.md'))) {
      cpSync(join(ROOT, '.changeset', file), join(dir, '.changeset', file));
    }
  }
  for (const pkg of allPackages()) {
    const manifest = { ...pkg.manifest };
    if (options.version && !manifest.private) manifest.version = options.version;
    mkdirSync(join(dir, pkg.dir), { recursive: true });
    writeFileSync(join(dir, pkg.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return dir;
}

function versions(dir: string): Record<string, string> {
  return Object.fromEntries(
    allPackages().map((p) => [
      p.name,
      readJson<PackageManifest>(join(dir, p.dir, 'package.json')).version,
    ]),
  );
}

function patchOf(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
}

function changelogs(dir: string): string[] {
  return allPackages()
    .filter((p) => existsSync(join(dir, p.dir, 'CHANGELOG.md')))
    .map((p) => p.name)
    .sort();
}

async function changesetVersion(dir: string, changesets: Record<string, string>) {
  for (const [file, text] of Object.entries(changesets)) {
    writeFileSync(join(dir, '.changeset', file), text);
  }
  const result = await run(bin('changeset'), ['version'], { cwd: dir, env: cleanEnv() });
  expect(result.code, result.output).toBe(0);
  for (const file of Object.keys(changesets))
    expect(existsSync(join(dir, '.changeset', file))).toBe(false);
}

describe('pnpm changeset version', () => {
  // Every published package that depends on core: the connectors, and any other (a queue).
  const connectors = publishablePackages().filter((p) => p.manifest.dependencies?.['@paykit/core']);
  const yabandpay = '@paykit/connector-yabandpay';

  it('bumps only the connector a changeset names, and writes its changelog', async () => {
    const dir = copyWorkspace();
    const before = versions(dir);
    await changesetVersion(dir, {
      'fix-yabandpay.md': `---\n"${yabandpay}": patch\n---\n\nFix the reversal of yesterday's payments.\n`,
    });
    const after = versions(dir);
    const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
    expect(changed).toEqual([yabandpay]);
    expect(after[yabandpay]).not.toBe(before[yabandpay]);
    expect(changelogs(dir)).toEqual([yabandpay]);
    const changelog = readFileSync(join(dir, 'packages/connector-yabandpay/CHANGELOG.md'), 'utf8');
    expect(changelog).toContain(`## ${after[yabandpay]}`);
    expect(changelog).toContain("Fix the reversal of yesterday's payments.");
  });

  it('bumps core and, by a patch, every connector that depends on it', async () => {
    const dir = copyWorkspace();
    const before = versions(dir);
    await changesetVersion(dir, {
      'core-fix.md': '---\n"@paykit/core": patch\n---\n\nA fix in core.\n',
    });
    const after = versions(dir);
    expect(after['@paykit/core']).not.toBe(before['@paykit/core']);
    for (const connector of connectors) {
      expect(after[connector.name], connector.name).toBe(patchOf(before[connector.name]!));
      const manifest = readJson<PackageManifest>(join(dir, connector.dir, 'package.json'));
      expect(manifest.dependencies?.['@paykit/core']).toMatch(/^workspace:/);
      const changelog = readFileSync(join(dir, connector.dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`@paykit/core@${after['@paykit/core']}`);
    }
    for (const pkg of allPackages().filter((p) => p.manifest.private)) {
      expect(after[pkg.name], `${pkg.name} is private and ignored`).toBe(pkg.manifest.version);
    }
    expect(changelogs(dir)).toEqual([...connectors.map((c) => c.name), '@paykit/core'].sort());
  });

  it('bumps the connectors also when core stays inside their ^ range', async () => {
    // At 1.x, core 1.3.0 satisfies the connectors' ^1.2.0: changesets bumps a dependent whose
    // range still holds only with updateInternalDependents "always" (updateInternalDependencies
    // only rewrites ranges of packages that are released anyway).
    const dir = copyWorkspace({ version: '1.2.0' });
    await changesetVersion(dir, {
      'core-feature.md': '---\n"@paykit/core": minor\n---\n\nA new helper.\n',
    });
    const after = versions(dir);
    expect(after['@paykit/core']).toBe('1.3.0');
    for (const connector of connectors) expect(after[connector.name], connector.name).toBe('1.2.1');
  });

  it('applies the pending changesets of the repository', async () => {
    const dir = copyWorkspace({ changesets: 'pending' });
    const pending = readdirSync(join(dir, '.changeset')).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    );
    const named = new Set(
      pending.flatMap((file) =>
        Object.keys(frontMatter(readFileSync(join(dir, '.changeset', file), 'utf8'))),
      ),
    );
    const before = versions(dir);
    await changesetVersion(dir, {});
    const after = versions(dir);
    for (const name of named) expect(after[name], name).not.toBe(before[name]);
  });
});

// scripts/changeset-check.mjs in a scratch git repository with one published package.
describe('pnpm changeset:check', () => {
  const script = join(ROOT, 'scripts/changeset-check.mjs');
  let repo: string;

  function write(path: string, text: string) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }

  async function git(...args: string[]) {
    const result = await run(
      'git',
      ['-c', 'user.name=paykit', '-c', 'user.email=ci@paykit.test', ...args],
      {
        cwd: repo,
      },
    );
    expect(result.code, result.output).toBe(0);
  }

  function check(args: string[] = [], env: Record<string, string> = {}) {
    const base = cleanEnv();
    delete base.CI;
    delete base.CHANGESET_BASE;
    delete base.GITHUB_BASE_REF;
    return run(process.execPath, [script, ...args], { cwd: repo, env: { ...base, ...env } });
  }

  beforeEach(async () => {
    repo = tempDir('changeset-check');
    write('package.json', '{ "name": "root", "private": true }\n');
    write('.changeset/config.json', '{}\n');
    write('packages/widget/package.json', '{ "name": "@acme/widget", "version": "1.0.0" }\n');
    write('packages/widget/src/index.ts', 'export const a = 1;\n');
    write('packages/tool/package.json', '{ "name": "@acme/tool", "private": true }\n');
    write('packages/tool/src/index.ts', 'export const t = 1;\n');
  });

  it('passes where there is no git repository', async () => {
    const result = await check();
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('not a git repository');
  });

  it('passes on a first commit, which has no previous commit to compare with', async () => {
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'first');
    const result = await check([], { CI: 'true' });
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('no commit "HEAD~1"');
  });

  describe('with history', () => {
    beforeEach(async () => {
      await git('init', '-q');
      await git('add', '-A');
      await git('commit', '-qm', 'first');
    });

    it('fails on an uncommitted source change without a changeset, naming the package', async () => {
      write('packages/widget/src/index.ts', 'export const a = 2;\n');
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('@acme/widget (packages/widget/src)');
    });

    it('passes once a new changeset names the package', async () => {
      write('packages/widget/src/index.ts', 'export const a = 2;\n');
      write('.changeset/brave-cats.md', '---\n"@acme/widget": patch\n---\n\nFix a.\n');
      const result = await check();
      expect(result.code, result.output).toBe(0);
    });

    it('fails when the new changeset names another package', async () => {
      write('packages/widget/src/index.ts', 'export const a = 2;\n');
      write('.changeset/brave-cats.md', '---\n"@acme/other": patch\n---\n\nSomething else.\n');
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('do not name them');
    });

    it('ignores changes outside src and in private packages', async () => {
      write('packages/widget/README.md', '# widget\n');
      write('packages/widget/test/a.test.ts', 'test\n');
      write('packages/tool/src/index.ts', 'export const t = 2;\n');
      const result = await check();
      expect(result.code, result.output).toBe(0);
    });

    it('accepts an empty changeset for a change that needs no release', async () => {
      write('packages/widget/src/index.ts', 'export const a = 2;\n');
      write('.changeset/quiet-dogs.md', '---\n---\n\nRefactor only.\n');
      const result = await check();
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toContain('empty changeset');
    });

    it('in CI checks the last commit against the one before', async () => {
      write('packages/widget/src/index.ts', 'export const a = 2;\n');
      await git('add', '-A');
      await git('commit', '-qm', 'change without changeset');
      expect((await check([], { CI: 'true' })).code).toBe(1);
      // Locally the committed change is already past HEAD, so there is nothing to check.
      expect((await check()).code).toBe(0);

      write('packages/widget/src/index.ts', 'export const a = 3;\n');
      write('.changeset/brave-cats.md', '---\n"@acme/widget": minor\n---\n\nA is 3.\n');
      await git('add', '-A');
      await git('commit', '-qm', 'change with changeset');
      expect((await check([], { CI: 'true' })).code).toBe(0);
    });

    it('compares with the ref given by --since', async () => {
      write('packages/widget/src/index.ts', 'export const a = 2;\n');
      await git('add', '-A');
      await git('commit', '-qm', 'second');
      write('README.md', 'docs\n');
      await git('add', '-A');
      await git('commit', '-qm', 'third');
      expect((await check(['--since', 'HEAD~1'])).code).toBe(0);
      const result = await check(['--since', 'HEAD~2']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('@acme/widget');
    });

    it('fails on a changeset file without front matter', async () => {
      write('packages/widget/src/index.ts', 'export const a = 2;\n');
      write('.changeset/broken.md', 'no front matter\n');
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('has no front matter');
    });
  });

  // What makes CI fail on a missing changeset: in CI (CI=true) this checks the last commit of
  // the repository against the one before; elsewhere the changes not yet committed.
  it('passes on this repository', async () => {
    const result = await run(process.execPath, [script], { cwd: ROOT, env: cleanEnv() });
    expect(result.code, result.output).toBe(0);
  });
});
