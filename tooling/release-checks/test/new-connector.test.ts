import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
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
  workspacePackages,
} from '../src/workspace.js';

// The generator runs into a minimal workspace: the root files, the YabandPay connector's
// package.json (the model, and an existing package to refuse) and the real core, with the
// packages the generated connector imports linked where Node and TypeScript look for them.
// Then into a scratch copy of the workspace with the connector manifest, the playground, the
// system tests and the release checks, where `new-connector demo` must put `demo` in each of
// their lists with no other edit (see the second describe block).

const GENERATOR = join(ROOT, 'scripts/new-connector.mjs');
const ROOT_FILES = [
  'package.json',
  'pnpm-workspace.yaml',
  'tsconfig.base.json',
  'tsup.shared.ts',
  'biome.json',
  'LICENSE',
];
let workspace: string;

function link(target: string, path: string) {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(realpathSync(target), path);
}

function generate(...args: string[]) {
  return run(process.execPath, [GENERATOR, ...args], { cwd: workspace });
}

/** What the generator writes for a connector: the file set every connector has. */
const GENERATED_FILES = (id: string) => [
  'LICENSE',
  'README.md',
  'package.json',
  `src/${id}-api.ts`,
  `src/${id}-cancel.ts`,
  `src/${id}-connector.ts`,
  `src/${id}-get-payment.ts`,
  `src/${id}-payment.ts`,
  `src/${id}-settings.ts`,
  `src/${id}-status.ts`,
  `src/${id}-webhook.ts`,
  'src/index.ts',
  `src/testing/${id}-simulator.ts`,
  `src/testing/${id}-test-kit.ts`,
  'src/testing/index.ts',
  'src/version.ts',
  'test/cancel.test.ts',
  'test/conformance.test.ts',
  'test/get-payment.test.ts',
  'test/helpers.ts',
  'test/webhook.test.ts',
  'tsconfig.json',
  'tsup.config.ts',
  'vitest.config.ts',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

beforeAll(() => {
  workspace = tempDir('new-connector');
  for (const file of ROOT_FILES) cpSync(join(ROOT, file), join(workspace, file));
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

  it('refuses a display name that would break the code it goes into', async () => {
    for (const name of ["Acme's Pay", 'Acme "Pay"', 'Acme {{Pay}}', 'Acme\\Pay', '']) {
      const result = await generate('acme-pay', '--name', name);
      expect(result.code, `${name}: ${result.output}`).toBe(1);
      expect(result.stderr).toContain('invalid --name');
    }
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
    // The same files, with the same roles and names, as every built-in connector has.
    expect(filesUnder(dir)).toEqual(GENERATED_FILES('acme-pay'));
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
    // The conformance suite's tests plus the generated behaviour tests.
    expect(results.numPassedTests).toBeGreaterThanOrEqual(25);
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

// ---- A scratch copy of the workspace: the connector manifest and what iterates it. ----

/**
 * A copy of what iterates the manifest (the manifest itself, the playground's, the system tests'
 * and the release checks' sources), with the built packages linked in: the connectors under
 * packages/ and examples/, and each copy's node_modules pointing where pnpm would point them.
 * `new-connector demo` then runs in it like in the repository, and the lists are computed by
 * the code that computes them, run with tsx.
 */
describe('pnpm new-connector demo in a scratch copy of the workspace', () => {
  let scratch: string;
  const LISTS = `
import { ALL_SETUPS } from './apps/playground/src/shared/connectors/index.ts';
import { matrixRuns } from './tooling/system-tests/src/fault-cases.ts';
import { CONNECTORS } from './tooling/system-tests/src/harness.ts';
import { connectorPackages, manifestPackages } from './tooling/release-checks/src/workspace.ts';
import { CONNECTOR_IDS } from '@paykit/connectors';
console.log(JSON.stringify({
  manifest: CONNECTOR_IDS,
  playground: ALL_SETUPS.map((setup) => setup.id),
  systemTests: CONNECTORS,
  faultMatrix: matrixRuns(),
  releaseChecks: connectorPackages().map((p) => p.name),
  manifestPackages: manifestPackages().map((p) => p.dir),
}));
`;

  /** A node_modules with the real one's entries, except the ones given. */
  function nodeModules(dir: string, real: string, replace: Record<string, string> = {}) {
    for (const entry of readdirSync(real, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const names =
        entry.name.startsWith('@') && entry.isDirectory()
          ? readdirSync(join(real, entry.name)).map((n) => `${entry.name}/${n}`)
          : [entry.name];
      for (const name of names) {
        if (!(name in replace)) link(join(real, name), join(dir, 'node_modules', name));
      }
    }
    for (const [name, target] of Object.entries(replace)) {
      link(target, join(dir, 'node_modules', name));
    }
  }

  async function lists(): Promise<{
    manifest: string[];
    playground: string[];
    systemTests: string[];
    faultMatrix: string[];
    releaseChecks: string[];
    manifestPackages: string[];
  }> {
    writeFileSync(join(scratch, 'lists.ts'), LISTS);
    // tsx from the system tests, whose code the lists come from (the root does not install it).
    const tsx = join(ROOT, 'tooling/system-tests/node_modules/.bin/tsx');
    const result = await run(tsx, ['lists.ts'], { cwd: scratch });
    expect(result.code, result.output).toBe(0);
    return JSON.parse(result.stdout.trim().split('\n').pop()!);
  }

  beforeAll(() => {
    scratch = tempDir('new-connector-demo');
    for (const file of ROOT_FILES) cpSync(join(ROOT, file), join(scratch, file));
    cpSync(join(ROOT, '.changeset/config.json'), join(scratch, '.changeset/config.json'));
    // The built packages, as they are.
    for (const pkg of [...workspacePackages('packages'), ...workspacePackages('examples')]) {
      link(pkg.path, join(scratch, pkg.dir));
    }
    // What iterates the manifest, copied (the generator edits the manifest).
    for (const dir of [
      'tooling/connectors/src',
      'apps/playground/src',
      'tooling/system-tests/src',
      'tooling/release-checks/src',
    ]) {
      cpSync(join(ROOT, dir), join(scratch, dir), { recursive: true });
    }
    for (const file of ['package.json', 'tsconfig.json']) {
      cpSync(join(ROOT, 'tooling/connectors', file), join(scratch, 'tooling/connectors', file));
    }
    const manifestCopy = join(scratch, 'tooling/connectors');
    nodeModules(manifestCopy, join(ROOT, 'tooling/connectors/node_modules'));
    for (const dir of ['apps/playground', 'tooling/system-tests']) {
      nodeModules(join(scratch, dir), join(ROOT, dir, 'node_modules'), {
        '@paykit/connectors': manifestCopy,
      });
    }
    nodeModules(scratch, join(ROOT, 'tooling/release-checks/node_modules'), {
      '@paykit/connectors': manifestCopy,
    });
    // What the generated package imports, where Node and TypeScript look from packages/.
    const modules = join(scratch, 'node_modules');
    for (const [name, from] of [
      ['valibot', 'packages/core/node_modules'],
      ['vitest', 'packages/core/node_modules'],
      ['tsup', 'node_modules'],
      ['@types/node', 'node_modules'],
    ] as const) {
      if (!existsSync(join(modules, name))) link(join(ROOT, from, name), join(modules, name));
    }
  });

  it('starts without demo anywhere', async () => {
    const before = await lists();
    expect(before.manifest).not.toContain('demo');
    expect(before.playground).toEqual(before.manifest);
  });

  it('writes the package, one line in the manifest and its dependency, nothing else', async () => {
    const manifestSource = join(scratch, 'tooling/connectors/src/index.ts');
    const before = readFileSync(manifestSource, 'utf8');
    const result = await run(process.execPath, [GENERATOR, 'demo'], { cwd: scratch });
    expect(result.code, result.output).toBe(0);
    expect(filesUnder(join(scratch, 'packages/connector-demo'))).toEqual(GENERATED_FILES('demo'));
    // The manifest gains the kit's import and its entry in the list, nothing else.
    const after = readFileSync(manifestSource, 'utf8');
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    expect(added.sort()).toEqual(
      ["import { demoTestKit } from '@paykit/connector-demo/testing';", '  demoTestKit,'].sort(),
    );
    expect(after.split('\n').length).toBe(before.split('\n').length + 2);
    const manifest = readJson<PackageManifest>(join(scratch, 'tooling/connectors/package.json'));
    expect(manifest.dependencies?.['@paykit/connector-demo']).toBe('workspace:*');
    // What pnpm install does: link the new package where the manifest imports it from, and build it.
    link(
      join(scratch, 'packages/connector-demo'),
      join(scratch, 'tooling/connectors/node_modules/@paykit/connector-demo'),
    );
    const tsup = await run(bin('tsup'), [], { cwd: join(scratch, 'packages/connector-demo') });
    expect(tsup.code, tsup.output).toBe(0);
  });

  it('is then in the playground, the system tests, the fault matrix and the release checks', async () => {
    const after = await lists();
    expect(after.manifest.at(-1)).toBe('demo');
    expect(after.playground).toEqual(after.manifest);
    expect(after.systemTests).toEqual(after.manifest);
    // Every case the matrix runs on every connector, demo included with the cases' defaults.
    const demoCases = after.faultMatrix.filter((run) => run.startsWith('demo:'));
    expect(demoCases).toEqual(
      after.faultMatrix
        .filter((run) => run.startsWith('acme-pay:'))
        .map((run) => run.replace('acme-pay:', 'demo:')),
    );
    expect(demoCases).toContain('demo:truncated-body');
    expect(after.releaseChecks).toContain('@paykit/connector-demo');
    expect(after.manifestPackages).toContain('packages/connector-demo');
  });

  it('passes the conformance suite, from its kit, with its own tests', async () => {
    const dir = join(scratch, 'packages/connector-demo');
    const report = join(scratch, 'demo-report.json');
    const vitestCli = join(
      realpathSync(join(ROOT, 'packages/core/node_modules/vitest')),
      'vitest.mjs',
    );
    const vitest = await run(
      process.execPath,
      [vitestCli, 'run', '--reporter=json', `--outputFile=${report}`],
      { cwd: dir },
    );
    expect(vitest.code, vitest.output).toBe(0);
    const results = readJson<{
      testResults: { assertionResults: { ancestorTitles: string[]; status: string }[] }[];
    }>(report);
    const conformance = results.testResults
      .flatMap((file) => file.assertionResults)
      .filter((test) =>
        test.ancestorTitles.some((t) => t.startsWith('paykit connector conformance')),
      );
    expect(conformance.length).toBeGreaterThanOrEqual(12);
    expect(conformance.every((test) => test.status === 'passed')).toBe(true);
  });
});
