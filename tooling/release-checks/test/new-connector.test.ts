import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { codeBlocks, isTypeScript } from '../src/markdown.js';
import { typecheckSnippets } from '../src/typecheck.js';
import {
  bin,
  type PackageManifest,
  ROOT,
  readJson,
  removeTempDirs,
  tempDir,
} from '../src/workspace.js';

// The generator runs into a minimal workspace: the root files, the YabandPay connector's
// package.json (the model, and an existing package to refuse) and the real core, with the
// packages the generated connector imports linked where Node and TypeScript look for them.

const GENERATOR = join(ROOT, 'scripts/new-connector.mjs');
let workspace: string;

function link(target: string, path: string) {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(realpathSync(target), path);
}

function generate(...args: string[]) {
  return run(process.execPath, [GENERATOR, ...args], { cwd: workspace });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

beforeAll(() => {
  workspace = tempDir('new-connector');
  for (const file of [
    'package.json',
    'pnpm-workspace.yaml',
    'tsconfig.base.json',
    'biome.json',
    'LICENSE',
  ]) {
    cpSync(join(ROOT, file), join(workspace, file));
  }
  cpSync(join(ROOT, '.changeset/config.json'), join(workspace, '.changeset/config.json'));
  cpSync(
    join(ROOT, 'packages/connector-yabandpay/package.json'),
    join(workspace, 'packages/connector-yabandpay/package.json'),
  );
  link(join(ROOT, 'packages/core'), join(workspace, 'packages/core'));
  const modules = join(workspace, 'node_modules');
  link(join(ROOT, 'packages/core'), join(modules, '@paykit/core'));
  link(join(ROOT, 'packages/core/node_modules/valibot'), join(modules, 'valibot'));
  // The vitest that core's conformance suite imports: a second copy would collect its tests
  // into a runner that never runs them.
  link(join(ROOT, 'packages/core/node_modules/vitest'), join(modules, 'vitest'));
  for (const name of ['tsup', '@types/node'])
    link(join(ROOT, 'node_modules', name), join(modules, name));
});

afterAll(removeTempDirs);

describe('pnpm new-connector', () => {
  it('refuses ids that are not lowercase letters, digits and single dashes', async () => {
    for (const id of ['Acme', '1pay', 'acme_pay', 'acme--pay', 'acme-', '-acme', 'a', 'acme pay']) {
      const result = await generate('--', id);
      expect(result.code, `${id}: ${result.output}`).toBe(1);
      expect(result.stderr).toContain('invalid id');
    }
    expect(readdirSync(join(workspace, 'packages')).sort()).toEqual([
      'connector-yabandpay',
      'core',
    ]);
  });

  it('refuses a connector that exists already, and a folder that is no workspace', async () => {
    const existing = await generate('yabandpay');
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain('packages/connector-yabandpay exists already');
    const outside = await generate('acme-pay', '--dir', join(workspace, 'packages'));
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('is not a paykit workspace root');
  });

  it('lists the files with --dry-run and writes none', async () => {
    const result = await generate('acme-pay', '--dry-run', '--dir', workspace);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('packages/connector-acme-pay/src/acme-pay-connector.ts');
    expect(result.stdout).toContain('.changeset/acme-pay-initial.md');
    expect(existsSync(join(workspace, 'packages/connector-acme-pay'))).toBe(false);
    expect(existsSync(join(workspace, '.changeset/acme-pay-initial.md'))).toBe(false);
  });

  it('writes the package in the project layout and its changeset', async () => {
    const result = await generate('acme-pay');
    expect(result.code, result.output).toBe(0);
    const dir = join(workspace, 'packages/connector-acme-pay');
    expect(filesUnder(dir)).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
      'src/acme-pay-api.ts',
      'src/acme-pay-connector.ts',
      'src/acme-pay-status.ts',
      'src/index.ts',
      'src/testing/acme-pay-simulator.ts',
      'src/testing/index.ts',
      'test/acme-pay.test.ts',
      'tsconfig.json',
      'tsup.config.ts',
      'vitest.config.ts',
    ]);
    const changeset = readFileSync(join(workspace, '.changeset/acme-pay-initial.md'), 'utf8');
    expect(changeset).toMatch(/^---\n"@paykit\/connector-acme-pay": minor\n---\n\n\S/);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
    );
  });

  it('models package.json on the YabandPay connector', () => {
    const model = readJson<PackageManifest>(
      join(ROOT, 'packages/connector-yabandpay/package.json'),
    );
    const pkg = readJson<PackageManifest>(
      join(workspace, 'packages/connector-acme-pay/package.json'),
    );
    expect(pkg).toMatchObject({
      name: '@paykit/connector-acme-pay',
      version: '0.0.0',
      type: 'module',
      sideEffects: false,
      repository: { ...model.repository, directory: 'packages/connector-acme-pay' },
    });
    for (const field of [
      'license',
      'engines',
      'exports',
      'main',
      'types',
      'files',
      'scripts',
      'publishConfig',
    ] as const) {
      expect(pkg[field], field).toEqual(model[field]);
    }
    expect(pkg.dependencies).toEqual({
      '@paykit/core': model.dependencies?.['@paykit/core'],
      valibot: model.dependencies?.valibot,
    });
    expect(pkg.devDependencies).toEqual({ vitest: model.devDependencies?.vitest });
  });

  it('typechecks, lints, builds and passes its tests as generated', async () => {
    const dir = join(workspace, 'packages/connector-acme-pay');
    const tsc = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: dir });
    expect(tsc.code, tsc.output).toBe(0);
    const biome = await run(bin('biome'), ['check', 'packages/connector-acme-pay'], {
      cwd: workspace,
    });
    expect(biome.code, biome.output).toBe(0);
    const tsup = await run(bin('tsup'), [], { cwd: dir });
    expect(tsup.code, tsup.output).toBe(0);
    for (const file of ['index.js', 'index.d.ts', 'testing/index.js', 'testing/index.d.ts']) {
      expect(existsSync(join(dir, 'dist', file)), file).toBe(true);
    }
    const report = join(workspace, 'vitest-report.json');
    const vitestCli = join(
      realpathSync(join(ROOT, 'packages/core/node_modules/vitest')),
      'vitest.mjs',
    );
    const vitest = await run(
      process.execPath,
      [vitestCli, 'run', '--reporter=json', `--outputFile=${report}`],
      {
        cwd: dir,
      },
    );
    expect(vitest.code, vitest.output).toBe(0);
    const results = readJson<{
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
    }>(report);
    // The conformance suite's 12 tests plus the generated behaviour tests.
    expect(results.numPassedTests).toBeGreaterThanOrEqual(16);
    expect(results.numFailedTests + results.numPendingTests).toBe(0);
    // pnpm pack (which publint runs) reads the linked @paykit/core to replace workspace:^.
    link(join(ROOT, 'packages/core'), join(dir, 'node_modules/@paykit/core'));
    const publint = await run(bin('publint'), ['--strict'], { cwd: dir });
    expect(publint.code, publint.output).toBe(0);
  });

  it('has a README that starts with install and a TypeScript example that compiles', async () => {
    const readme = readFileSync(join(workspace, 'packages/connector-acme-pay/README.md'), 'utf8');
    const [install, example] = codeBlocks(readme);
    expect(install?.code.trim()).toBe('npm install @paykit/connector-acme-pay @paykit/core');
    expect(example && isTypeScript(example)).toBe(true);
    link(
      join(workspace, 'packages/connector-acme-pay'),
      join(workspace, 'node_modules/@paykit/connector-acme-pay'),
    );
    const snippets = codeBlocks(readme)
      .filter(isTypeScript)
      .map((block, i) => ({ name: `example-${i}`, code: block.code }));
    const result = await typecheckSnippets(join(workspace, 'readme-examples'), snippets);
    expect(result.code, result.output).toBe(0);
  });
});
