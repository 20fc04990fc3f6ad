import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { type PackageManifest, ROOT, readJson, removeTempDirs, tempDir } from '../src/workspace.js';

// examples/connector-acme-pay is what `pnpm new-connector acme-pay --name "Acme Pay" --example`
// writes, byte for byte: the template and the example cannot drift apart. The generator runs
// into a fresh workspace with the repository's root files and the model package.json, as it
// would run in the repository.

const EXAMPLE = 'examples/connector-acme-pay';
const REGENERATE = `rm -rf ${EXAMPLE} && pnpm new-connector acme-pay --name "Acme Pay" --example && pnpm install`;
// Made by builds and tests, not by the generator.
const NOT_GENERATED = /^(node_modules|dist|test-output|\.turbo|coverage)\//;

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((path) => !NOT_GENERATED.test(path))
    .sort();
}

let generated: string;

beforeAll(async () => {
  const root = tempDir('example-drift');
  for (const file of [
    'package.json',
    'pnpm-workspace.yaml',
    'tsconfig.base.json',
    'tsup.shared.ts',
    'biome.json',
    'LICENSE',
    'packages/connector-yabandpay/package.json',
  ]) {
    cpSync(join(ROOT, file), join(root, file));
  }
  const result = await run(
    process.execPath,
    [join(ROOT, 'scripts/new-connector.mjs'), 'acme-pay', '--name', 'Acme Pay', '--example'],
    { cwd: root },
  );
  expect(result.code, result.output).toBe(0);
  generated = join(root, EXAMPLE);
});

afterAll(removeTempDirs);

describe(`${EXAMPLE}`, () => {
  it('is a private package: an example, never published', () => {
    const manifest = readJson<PackageManifest>(join(ROOT, EXAMPLE, 'package.json'));
    expect(manifest.private).toBe(true);
    expect(manifest.name).toBe('@paykit/connector-acme-pay');
  });

  it(`has the files the generator writes, no more, no fewer (else: ${REGENERATE})`, () => {
    expect(sourcesUnder(join(ROOT, EXAMPLE))).toEqual(sourcesUnder(generated));
  });

  it(`has each file as the generator writes it (else: ${REGENERATE})`, () => {
    for (const path of sourcesUnder(generated)) {
      const committed = readFileSync(join(ROOT, EXAMPLE, path), 'utf8');
      expect(committed, `${EXAMPLE}/${path} drifted from the template`).toBe(
        readFileSync(join(generated, path), 'utf8'),
      );
    }
  });
});
