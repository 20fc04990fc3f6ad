import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type RunResult, run } from './exec.js';
import { bin, ROOT } from './workspace.js';

/**
 * Typechecks code snippets (README examples) as a user's TypeScript project would: each its own
 * module, against the packages' built type declarations. `dir` must sit where node_modules
 * resolution finds the packages the snippets import.
 */
export async function typecheckSnippets(
  dir: string,
  snippets: readonly { name: string; code: string }[],
): Promise<RunResult> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const { name, code } of snippets) {
    // `export {}` keeps each snippet a module, so top-level await works and names do not clash.
    writeFileSync(join(dir, `${name}.ts`), `${code}\nexport {};\n`);
  }
  const base = relative(dir, join(ROOT, 'tsconfig.base.json')).split('\\').join('/');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      { extends: base, compilerOptions: { noEmit: true }, include: ['*.ts'] },
      null,
      2,
    ),
  );
  return run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: dir });
}
