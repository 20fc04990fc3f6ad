import { PaykitError } from '@paykit/core';
import { demoSecretsFromEnv } from '../shared/demo-secrets.js';
import { PlaygroundInputError } from '../shared/input-error.js';
import { createPlayground, type Playground } from '../shared/playground.js';
import { type Command, parseCommand, USAGE } from './args.js';
import { type Output, runCancel, runList } from './commands.js';

const io: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
const argv = process.argv.slice(2);
const json = argv.includes('--json');

/** A usage problem: exit 2, as JSON on stdout with --json, else in words on stderr. */
function usageError(code: string, message: string): number {
  if (json) io.out(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  else io.err(`${message}\n\nRun "pnpm playground help" for the usage.\n`);
  return 2;
}

async function run(command: Command, playground: Playground): Promise<number> {
  if (command.name === 'list') return runList(playground, command, io);
  if (command.name === 'cancel') return runCancel(playground, command, io);
  return 0;
}

async function main(): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (error instanceof PlaygroundInputError) return usageError('usage', error.message);
    throw error;
  }
  if (command.name === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const demoSecrets = demoSecretsFromEnv(process.env);
  const playground = await createPlayground({ ...(demoSecrets ? { demoSecrets } : {}) });
  try {
    return await run(command, playground);
  } catch (error) {
    if (error instanceof PlaygroundInputError) return usageError('usage', error.message);
    if (PaykitError.isInstance(error) && error.code === 'unknown_connector') {
      return usageError(error.code, playground.redactor.redactString(error.message));
    }
    throw error;
  } finally {
    await playground.close();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  // Not expected: no stack, which could hold settings; just what failed.
  io.err(`The playground CLI failed: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
