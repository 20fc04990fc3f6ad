import { appendFileSync, copyFileSync, cpSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import {
  bin,
  cleanEnv,
  publishablePackages,
  ROOT,
  removeTempDirs,
  tempDir,
} from '../src/workspace.js';

// turbo's cache tells the truth about the shared configuration: a change to tsconfig.base.json,
// biome.json, tsup.shared.ts or a package's vitest config gives the tasks that read it a new
// hash (so they run again instead of answering FULL TURBO), and leaves the others alone. Checked
// with `turbo run --dry=json` on a scratch copy of the workspace, so that this repository's
// files are never touched.

const TASKS = ['build', 'typecheck', 'lint', 'test'] as const;
const SKIP = new Set(['node_modules', 'dist', 'test-output', '.turbo', '.git', 'coverage']);
const ROOT_FILES = [
  'package.json',
  'turbo.json',
  'pnpm-workspace.yaml',
  'pnpm-lock.yaml',
  'tsconfig.base.json',
  'biome.json',
  'tsup.shared.ts',
];

let scratch: string;

async function hashes(): Promise<Map<string, string>> {
  const result = await run(bin('turbo'), ['run', ...TASKS, '--dry=json'], {
    cwd: scratch,
    env: cleanEnv({ TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' }),
  });
  expect(result.code, result.output).toBe(0);
  const { tasks } = JSON.parse(result.stdout) as { tasks: { taskId: string; hash: string }[] };
  return new Map(tasks.map((t) => [t.taskId, t.hash]));
}

/** The task ids whose hash differs after `change` ran. */
async function changedBy(change: () => void): Promise<string[]> {
  const before = await hashes();
  change();
  const after = await hashes();
  return [...after.keys()].filter((id) => before.get(id) !== after.get(id)).sort();
}

beforeAll(() => {
  scratch = tempDir('turbo-inputs');
  for (const file of ROOT_FILES) copyFileSync(join(ROOT, file), join(scratch, file));
  for (const group of ['packages', 'apps', 'tooling', 'examples']) {
    if (!existsSync(join(ROOT, group))) continue;
    cpSync(join(ROOT, group), join(scratch, group), {
      recursive: true,
      filter: (source) => !SKIP.has(basename(source)),
    });
  }
});

afterAll(removeTempDirs);

const published = publishablePackages().map((p) => p.name);
const touch = (path: string) => () => appendFileSync(join(scratch, path), '\n');

describe('a change to', () => {
  it('tsconfig.base.json runs every build, typecheck and test again, no lint', async () => {
    const changed = await changedBy(touch('tsconfig.base.json'));
    for (const name of published) {
      for (const task of ['build', 'typecheck', 'test'])
        expect(changed, `${name}#${task}`).toContain(`${name}#${task}`);
      expect(changed).not.toContain(`${name}#lint`);
    }
  });

  it('tsup.shared.ts runs every build, typecheck and test again, no lint', async () => {
    const changed = await changedBy(touch('tsup.shared.ts'));
    for (const name of published) {
      for (const task of ['build', 'typecheck', 'test'])
        expect(changed, `${name}#${task}`).toContain(`${name}#${task}`);
      expect(changed).not.toContain(`${name}#lint`);
    }
  });

  it('biome.json runs every lint again and nothing else', async () => {
    const changed = await changedBy(touch('biome.json'));
    for (const name of published) expect(changed).toContain(`${name}#lint`);
    expect(changed.filter((id) => !id.endsWith('#lint'))).toEqual([]);
  });

  it("a package's vitest config runs that package's tests again, not its build", async () => {
    const changed = await changedBy(touch('packages/core/vitest.config.ts'));
    expect(changed).toContain('@paykit/core#test');
    expect(changed).not.toContain('@paykit/core#build');
  });
});
