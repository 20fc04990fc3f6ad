import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import {
  cleanEnv,
  connectorPackages,
  publishablePackages,
  ROOT,
  removeTempDirs,
  tempDir,
} from '../src/workspace.js';

// A user installs one connector: `npm install @paykit/core @paykit/connector-x` into an empty
// project outside the workspace, from the tarballs `pnpm pack` makes (valibot and
// node-forge come from the npm registry). scripts/install-footprint.mjs does the packing and
// installing (and measures it for the README); this file checks what it installed.

interface Installed {
  name: string;
  project: string;
  installed: { name: string; version: string }[];
  bytes: number;
}

/**
 * For each connector: plain Node ESM that takes the test kit its `/testing` entry exports (every
 * connector of the manifest ships one), creates its simulator, seeds a cancellable payment and
 * cancels it through a registry. Prints the result as JSON. No connector is named here: one the
 * generator adds is checked the same way.
 */
function script(name: string): string {
  return `import { createRegistry, PaykitError } from '@paykit/core';
import { isConnectorTestKit } from '@paykit/core/testing';
import * as testing from '${name}/testing';
const kit = Object.values(testing).find(isConnectorTestKit);
if (!kit) throw new Error('${name}/testing exports no test kit');
const sim = kit.createSimulator();
const paymentId = kit.seedCancellable(sim);
const connector = kit.createConnector(sim, { fetch: sim.fetch });
const paykit = createRegistry([connector]);
try {
  const result = await paykit.cancelPayment(connector.id, { paymentId, requestId: 'installCheck0001abcdefghijk' });
  console.log(JSON.stringify({ id: connector.id, paymentId, result, requests: sim.requests.length }));
} catch (error) {
  console.error(PaykitError.isInstance(error) ? \`\${error.code}: \${error.message}\` : error);
  process.exit(1);
}
`;
}

let installs: Installed[] = [];
const forInstall = (name: string) => {
  const found = installs.find((i) => i.name === name);
  if (!found) throw new Error(`${name} was not installed`);
  return found;
};

beforeAll(async () => {
  const keep = tempDir('installs');
  const result = await run(
    process.execPath,
    [join(ROOT, 'scripts/install-footprint.mjs'), '--json', '--keep', keep],
    { cwd: ROOT, env: cleanEnv(), timeoutMs: 170_000 },
  );
  expect(result.code, result.output).toBe(0);
  installs = JSON.parse(result.stdout);
});

afterAll(removeTempDirs);

it('installs core alone with only its runtime dependencies, and loads its /testing without vitest', async () => {
  const core = forInstall('@paykit/core');
  expect(core.installed.map((p) => p.name)).toEqual(['@paykit/core', 'valibot']);
  const check = `import { createRegistry } from '@paykit/core';
import { createSimulator, runConformanceSuite } from '@paykit/core/testing';
console.log(typeof createRegistry, typeof createSimulator, typeof runConformanceSuite);`;
  writeFileSync(join(core.project, 'check.mjs'), check);
  const result = await run(process.execPath, ['check.mjs'], { cwd: core.project, env: cleanEnv() });
  expect(result.code, result.output).toBe(0);
  expect(result.stdout.trim()).toBe('function function function');
});

describe.each(connectorPackages().map((p) => [p.name, p] as const))(
  'npm install %s @paykit/core',
  (name, pkg) => {
    // node-forge comes with the connectors that depend on it (PayerMax's RSA keys), none other.
    const bringsForge = pkg.manifest.dependencies?.['node-forge'] !== undefined;
    it('installs that connector, core and their runtime dependencies, no other provider', () => {
      const { installed, project } = forInstall(name);
      const names = installed.map((p) => p.name);
      expect(names.filter((n) => n.startsWith('@paykit/')).sort()).toEqual(
        ['@paykit/core', name].sort(),
      );
      for (const other of connectorPackages().filter((c) => c.name !== name)) {
        expect(existsSync(join(project, 'node_modules', other.name)), other.name).toBe(false);
      }
      expect(names).toContain('valibot');
      expect(names).not.toContain('vitest');
    });

    if (bringsForge) {
      it('installs node-forge, which it depends on', () => {
        expect(forInstall(name).installed.map((p) => p.name)).toContain('node-forge');
      });
    } else {
      it('does not install node-forge', () => {
        const { installed, project } = forInstall(name);
        expect(installed.map((p) => p.name)).not.toContain('node-forge');
        expect(existsSync(join(project, 'node_modules/node-forge'))).toBe(false);
      });
    }

    it('cancels a payment against its own simulator in plain Node', async () => {
      const { project } = forInstall(name);
      writeFileSync(join(project, 'cancel.mjs'), script(name));
      const result = await run(process.execPath, ['cancel.mjs'], { cwd: project, env: cleanEnv() });
      expect(result.code, result.output).toBe(0);
      const output = JSON.parse(result.stdout.trim().split('\n').pop()!);
      expect(output.result).toMatchObject({
        connector: output.id,
        paymentId: output.paymentId,
        requestId: 'installCheck0001abcdefghijk',
      });
      expect(['cancelled', 'pending']).toContain(output.result.status);
      expect(output.requests).toBeGreaterThan(0);
    });

    it('bundles for the browser from that install, node-forge only where the connector brings it', async () => {
      const { project } = forInstall(name);
      writeFileSync(join(project, 'entry.mjs'), `export * from '${name}';\n`);
      const result = await esbuild.build({
        entryPoints: [join(project, 'entry.mjs')],
        absWorkingDir: project,
        bundle: true,
        minify: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const forgeInputs = Object.keys(result.metafile.inputs).filter((p) =>
        p.includes('node_modules/node-forge/'),
      );
      const text = result.outputFiles[0]!.text;
      if (bringsForge) {
        expect(forgeInputs.length).toBeGreaterThan(0);
      } else {
        expect(forgeInputs).toEqual([]);
        expect(text).not.toContain('forge.setImmediate');
        expect(text).not.toContain('PuTTY-User-Key-File');
      }
    });
  },
);

it('says in the README what each package pulls in', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /<!-- install-footprint:start -->([\s\S]*?)<!-- install-footprint:end -->/.exec(
    readme,
  )?.[1];
  expect(
    section,
    'README.md has no "What each package pulls in" section: run pnpm footprint --write-readme',
  ).toBeDefined();
  for (const pkg of publishablePackages()) expect(section).toContain(`\`${pkg.name}\``);
  for (const name of ['valibot', 'node-forge']) expect(section).toContain(`\`${name}\``);
});
