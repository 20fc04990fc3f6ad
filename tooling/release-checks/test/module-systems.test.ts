import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { bin, cleanEnv, publishablePackages, ROOT } from '../src/workspace.js';

// What a TypeScript user's module system makes of the built packages: declarations valid under
// `skipLibCheck: false` for every moduleResolution (node10, node16 and nodenext from ESM and
// from CommonJS, bundler), `import` and `require` at run time, the version injected at build
// time, source maps that point at shipped sources, and the npm metadata.

const packages = publishablePackages();
const SCRATCH = join(ROOT, 'tooling/release-checks/test-output/module-systems');

beforeAll(() => {
  // Each published package linked by name, as an install would place it (its own dependencies
  // resolve from the package's folder).
  rmSync(SCRATCH, { recursive: true, force: true });
  for (const pkg of packages) {
    const link = join(SCRATCH, 'node_modules', pkg.name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(pkg.path, link, 'dir');
  }
});

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** Every entry point of a package ('@paykit/core', '@paykit/core/testing'), package.json left out. */
function entryPoints(pkg: (typeof packages)[number]): string[] {
  return Object.keys(pkg.manifest.exports ?? { '.': null })
    .filter((key) => !key.endsWith('.json'))
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
}

/** A module that uses every entry point of every package, so each must resolve to types. */
function consumer(): string {
  const lines: string[] = [];
  const uses: string[] = [];
  packages.forEach((pkg, p) => {
    entryPoints(pkg).forEach((entry, e) => {
      lines.push(`import * as m${p}_${e} from '${entry}';`);
      uses.push(`m${p}_${e}`);
    });
    uses.push(`m${p}_0.VERSION satisfies string`);
  });
  return `${lines.join('\n')}\n\nexport const used = [${uses.join(', ')}];\n`;
}

interface Mode {
  name: string;
  module: string;
  moduleResolution: string;
  files: string[];
}

const MODES: Mode[] = [
  { name: 'node10', module: 'commonjs', moduleResolution: 'node10', files: ['index.ts'] },
  { name: 'node16', module: 'node16', moduleResolution: 'node16', files: ['esm.mts', 'cjs.cts'] },
  {
    name: 'nodenext',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    files: ['esm.mts', 'cjs.cts'],
  },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', files: ['index.ts'] },
];

describe.concurrent.each(MODES.map((mode) => [mode.name, mode] as const))(
  'TypeScript, moduleResolution %s, skipLibCheck false',
  (_name, mode) => {
    it('typechecks a module that imports every entry point', async () => {
      // Beside the linked packages: their built dist and the package.json that is published.
      const dir = join(SCRATCH, mode.name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const file of mode.files) writeFileSync(join(dir, file), consumer());
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            // Every declaration file is checked (ours, and what they pull in), TypeScript's own
            // lib files aside.
            skipLibCheck: false,
            skipDefaultLibCheck: true,
            noEmit: true,
            target: 'ES2022',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            types: ['node'],
            module: mode.module,
            moduleResolution: mode.moduleResolution,
            esModuleInterop: true,
          },
          files: mode.files,
        }),
      );
      const tsc = await run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], {
        cwd: dir,
        timeoutMs: 170_000,
      });
      expect(tsc.code, tsc.output).toBe(0);
    });
  },
);

describe.each(packages.map((p) => [p.name, p] as const))('%s', (name, pkg) => {
  it('has homepage, bugs and keywords', () => {
    const m = pkg.manifest as typeof pkg.manifest & {
      homepage?: string;
      bugs?: { url?: string };
      keywords?: string[];
    };
    expect(m.homepage).toBe(`https://github.com/paykit/paykit/tree/main/${pkg.dir}#readme`);
    expect(m.bugs?.url).toBe('https://github.com/paykit/paykit/issues');
    expect(m.keywords).toContain('paykit');
    expect(m.keywords?.length).toBeGreaterThanOrEqual(3);
  });

  it('has declarations that import no package.json', () => {
    const declarations = walk(join(pkg.path, 'dist')).filter((f) => /\.d\.c?ts$/.test(f));
    expect(declarations.length).toBeGreaterThan(0);
    for (const file of declarations) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/package\.json|var version/);
    }
  });

  it('has source maps whose sources are shipped files under src/', () => {
    expect(pkg.manifest.files).toContain('src');
    const maps = walk(join(pkg.path, 'dist')).filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const path = relative(pkg.path, join(dirname(map), source))
          .split('\\')
          .join('/');
        expect(path, `${map}: ${source}`).toMatch(/^src\//);
        expect(existsSync(join(pkg.path, path)), `${map}: ${source}`).toBe(true);
      }
    }
  });

  it('loads with import and with require, VERSION from package.json', async () => {
    const script = `
const required = require(${JSON.stringify(name)});
import(${JSON.stringify(name)}).then((imported) => {
  console.log(JSON.stringify({ required: required.VERSION, imported: imported.VERSION }));
});`;
    const result = await run(process.execPath, ['-e', script], {
      cwd: SCRATCH,
      env: cleanEnv(),
    });
    expect(result.code, result.output).toBe(0);
    const { version } = pkg.manifest;
    expect(JSON.parse(result.stdout)).toEqual({ required: version, imported: version });
  });
});

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
