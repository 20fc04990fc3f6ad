import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { type LocalRegistry, startVerdaccio } from '../src/verdaccio.js';
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

// `pnpm release` is `pnpm build && changeset publish`. Its publish step runs here, for real,
// against verdaccio on 127.0.0.1 with no uplinks: from a copy of the workspace holding what
// gets published (manifests, dist, README, LICENSE), so that the git tags it creates land in
// the copy. The registry is set both in the environment (changesets reads
// npm_config_registry) and in .npmrc; the public registry is never contacted.

const packages = publishablePackages();
let registry: LocalRegistry;
let workspace: string;

function env(): NodeJS.ProcessEnv {
  return cleanEnv({ npm_config_registry: registry.url });
}

async function npmView(name: string): Promise<PackageManifest & { dist: { tarball: string } }> {
  const result = await run('npm', ['view', name, '--json', '--registry', registry.url], {
    cwd: workspace,
    env: env(),
  });
  expect(result.code, result.output).toBe(0);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  for (const pkg of packages) {
    expect(existsSync(join(pkg.path, 'dist/index.js')), `${pkg.dir} is not built`).toBe(true);
  }
  registry = await startVerdaccio(tempDir('verdaccio'));
  workspace = tempDir('release');
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    cpSync(join(ROOT, file), join(workspace, file));
  }
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const pkg of workspacePackages(group)) {
      mkdirSync(join(workspace, pkg.dir), { recursive: true });
      cpSync(join(pkg.path, 'package.json'), join(workspace, pkg.dir, 'package.json'));
      if (pkg.manifest.private) continue;
      for (const entry of pkg.manifest.files ?? []) {
        if (existsSync(join(pkg.path, entry)))
          cpSync(join(pkg.path, entry), join(workspace, pkg.dir, entry), { recursive: true });
      }
      // pnpm publish reads the linked dependency's version to replace workspace:^, in
      // devDependencies too (the queue tests against the connectors).
      const linked = { ...pkg.manifest.dependencies, ...pkg.manifest.devDependencies };
      for (const dependency of Object.keys(linked)) {
        const local = packages.find((p) => p.name === dependency);
        if (!local) continue;
        mkdirSync(join(workspace, pkg.dir, 'node_modules/@paykit'), { recursive: true });
        symlinkSync(
          join(workspace, local.dir),
          join(workspace, pkg.dir, 'node_modules', dependency),
        );
      }
    }
  }
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(
    join(workspace, '.npmrc'),
    `registry=${registry.url}\n${host}:_authToken=release-check\n`,
  );
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=paykit', '-c', 'user.email=ci@paykit.test', ...args], {
      cwd: workspace,
    });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'release');
});

afterAll(async () => {
  await registry?.stop();
  removeTempDirs();
});

describe('pnpm release', () => {
  it('builds, then publishes with changesets', () => {
    const scripts = readJson<PackageManifest>(join(ROOT, 'package.json')).scripts ?? {};
    expect(scripts.release).toMatch(/^pnpm (run )?build && changeset publish\b/);
  });

  it('publishes every package to the local registry and tags each release', async () => {
    const result = await run(bin('changeset'), ['publish'], {
      cwd: workspace,
      env: env(),
      timeoutMs: 150_000,
    });
    expect(result.code, result.output).toBe(0);
    for (const pkg of packages) {
      expect(result.output).toContain(`${pkg.name}@${pkg.manifest.version}`);
      expect(registry.log()).toContain(`PUT /${pkg.name.replace('/', '%2f')}`);
    }
    const tags = await run('git', ['tag'], { cwd: workspace });
    expect(tags.stdout.trim().split('\n').sort()).toEqual(
      packages.map((p) => `${p.name}@${p.manifest.version}`).sort(),
    );
  });

  it('makes each package visible there, with workspace: versions replaced', async () => {
    const core = packages.find((p) => p.name === '@paykit/core')!;
    for (const pkg of packages) {
      const published = await npmView(pkg.name);
      expect(published.version).toBe(pkg.manifest.version);
      expect(published.dist.tarball).toContain(registry.url);
      expect(JSON.stringify(published)).not.toContain('workspace:');
      if (pkg.manifest.dependencies?.['@paykit/core']) {
        expect(published.dependencies?.['@paykit/core']).toBe(`^${core.manifest.version}`);
      }
    }
  });

  it('serves installable tarballs that hold only dist, sources, bin shims, README, licence and changelog', async () => {
    const dir = tempDir('release-download');
    for (const pkg of packages) {
      const result = await run(
        'npm',
        ['pack', `${pkg.name}@${pkg.manifest.version}`, '--registry', registry.url],
        {
          cwd: dir,
          env: env(),
        },
      );
      expect(result.code, result.output).toBe(0);
    }
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toHaveLength(packages.length);
    for (const tarball of tarballs) {
      const listing = await run('tar', ['-tzf', tarball], { cwd: dir });
      const files = listing.stdout.trim().split('\n');
      expect(files).toContain('package/dist/index.js');
      for (const file of files)
        expect(file).toMatch(
          /^package\/(dist\/.+|src\/.+\.ts|bin\/[a-z-]+\.js|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/,
        );
    }
  });

  it('publishes nothing twice', async () => {
    const result = await run(bin('changeset'), ['publish'], {
      cwd: workspace,
      env: env(),
      timeoutMs: 60_000,
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('No unpublished projects to publish');
  });
});
