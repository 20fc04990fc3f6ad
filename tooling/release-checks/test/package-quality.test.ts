import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { codeBlocks, isTypeScript } from '../src/markdown.js';
import { typecheckSnippets } from '../src/typecheck.js';
import {
  bin,
  cleanEnv,
  publishablePackages,
  ROOT,
  removeTempDirs,
  tempDir,
} from '../src/workspace.js';

// What every published package must look like, checked on the package.json, on the tarball
// `pnpm pack` makes (what npm users download) and on the README.

const packages = publishablePackages();
const tarballs = new Map<
  string,
  { path: string; files: string[]; manifest: Record<string, unknown> }
>();
const EXAMPLES_DIR = join(ROOT, 'tooling/release-checks/test-output/readme-examples');

beforeAll(async () => {
  const dir = tempDir('pack');
  await Promise.all(
    packages.map(async (pkg) => {
      const packed = await run('pnpm', ['pack', '--pack-destination', dir], {
        cwd: pkg.path,
        env: cleanEnv(),
      });
      expect(packed.code, packed.output).toBe(0);
      const path = packed.stdout.trim().split('\n').pop()!.trim();
      const listing = await run('tar', ['-tzf', path], { cwd: dir });
      const manifest = await run('tar', ['-xzOf', path, 'package/package.json'], { cwd: dir });
      tarballs.set(pkg.name, {
        path,
        files: listing.stdout.trim().split('\n').sort(),
        manifest: JSON.parse(manifest.stdout),
      });
    }),
  );
});

afterAll(() => {
  removeTempDirs();
  rmSync(EXAMPLES_DIR, { recursive: true, force: true });
});

it('finds the published packages', () => {
  expect(packages.map((p) => p.name)).toContain('@paykit/core');
  expect(packages.length).toBeGreaterThanOrEqual(4);
});

describe.each(packages.map((p) => [p.name, p] as const))('%s', (name, pkg) => {
  const m = pkg.manifest;

  it('is ESM without side effects, with types, engines, licence and repository', () => {
    expect(m.type).toBe('module');
    expect(m.sideEffects).toBe(false);
    expect(m.license).toBe('MIT');
    expect(m.description?.length).toBeGreaterThan(10);
    expect(m.engines?.node).toMatch(/^>=\s*\d+/);
    expect(m.types).toBe('./dist/index.d.ts');
    expect(m.main).toBe('./dist/index.js');
    expect(m.repository?.type).toBe('git');
    expect(m.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(m.repository?.directory).toBe(pkg.dir);
    expect(m.publishConfig?.access).toBe('public');
  });

  it('exports each entry point for import and require, types first, and the files exist', () => {
    // ESM for `import`, CommonJS for `require`, each with declarations of its own format.
    expect(m.exports?.['.']).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
    for (const [entry, target] of Object.entries(m.exports ?? {})) {
      if (typeof target === 'string') {
        expect(existsSync(join(pkg.path, target)), `${entry}: ${target}`).toBe(true);
        continue;
      }
      expect(Object.keys(target as object), entry).toEqual(['import', 'require']);
      for (const [condition, paths] of Object.entries(target as Record<string, object>)) {
        expect(Object.keys(paths), `${entry} ${condition}`).toEqual(['types', 'default']);
        for (const path of Object.values(paths as Record<string, string>))
          expect(existsSync(join(pkg.path, path)), `${entry}: ${path}`).toBe(true);
      }
    }
  });

  it('ships only dist, the sources its maps point at, its bin shims, README, licence and changelog', () => {
    // CHANGELOG.md is there once `changeset version` has written it; until then npm skips it.
    // A package with a command ships its bin/ shim: a committed file that imports dist, so that
    // installing the workspace links the command before anything is built.
    const bins = Object.values((m as { bin?: Record<string, string> }).bin ?? {});
    for (const target of bins) expect(target).toMatch(/^\.\/bin\/[a-z-]+\.js$/);
    expect(m.files).toEqual([
      ...(bins.length > 0 ? ['bin'] : []),
      'dist',
      'src',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
    ]);
    const { files } = tarballs.get(name)!;
    expect(files).toContain('package/README.md');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    for (const file of files)
      expect(file).toMatch(
        /^package\/(dist\/.+\.(c?js|d\.c?ts|c?js\.map)|src\/.+\.ts|bin\/[a-z-]+\.js|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/,
      );
  });

  it('has no workspace: version in the packed package.json', () => {
    const { manifest } = tarballs.get(name)!;
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    if (m.dependencies?.['@paykit/core']) {
      expect((manifest.dependencies as Record<string, string>)['@paykit/core']).toMatch(
        /^\^\d+\.\d+\.\d+/,
      );
    }
  });

  it('runs publint and attw in its own test script, and passes both', async () => {
    expect(m.scripts?.test).toContain('publint --strict');
    // attw's default profile: node10, node16 from CommonJS and from ESM, bundler.
    expect(m.scripts?.test).toMatch(/attw --pack \.(?! --profile)(?! --ignore-rules)/);
    const publint = await run(bin('publint'), ['--strict', pkg.path], {
      cwd: pkg.path,
      env: cleanEnv(),
    });
    expect(publint.code, publint.output).toBe(0);
    const attw = await run(bin('attw'), [tarballs.get(name)!.path], { cwd: ROOT });
    expect(attw.code, attw.output).toBe(0);
  });

  it('has a README that starts with the install command and a TypeScript example', () => {
    const readme = readFileSync(join(pkg.path, 'README.md'), 'utf8');
    const blocks = codeBlocks(readme);
    const install = blocks[0]?.code.trim() ?? '';
    expect(install, 'the first code block').toMatch(/^(npm install|pnpm add|yarn add) /);
    expect(install.split(/\s+/)).toContain(name);
    if (m.dependencies?.['@paykit/core']) expect(install.split(/\s+/)).toContain('@paykit/core');
    const example = blocks[1];
    expect(example && isTypeScript(example), 'the second code block is TypeScript').toBe(true);
    expect(example?.code).toContain(`from '${name}'`);
  });
});

it('has README examples that compile against the built packages', async () => {
  // The first TypeScript block of each README, compiled as a user's module would be. (A
  // missing README fails above.)
  const snippets = packages
    .filter((pkg) => existsSync(join(pkg.path, 'README.md')))
    .map((pkg) => ({
      name: pkg.dir.replace('packages/', ''),
      code:
        codeBlocks(readFileSync(join(pkg.path, 'README.md'), 'utf8')).find(isTypeScript)?.code ??
        '',
    }));
  expect(snippets.filter((s) => s.code).length).toBeGreaterThan(0);
  const result = await typecheckSnippets(EXAMPLES_DIR, snippets);
  expect(result.code, result.output).toBe(0);
});
