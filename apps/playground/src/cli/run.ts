import { PaykitError } from '@paykit/core';
import { demoSecretsFromEnv } from '../shared/demo-secrets.js';
import { PlaygroundInputError } from '../shared/input-error.js';
import { createPlayground, type Playground } from '../shared/playground.js';
import { type Command, parseCommand } from './args.js';
import { runQueueCommand } from './batch.js';
import { type Output, runCancel, runList } from './commands.js';
import { cachedDemoSecrets } from './demo-secrets-cache.js';
import { COMMAND_USAGE, COMMANDS, USAGE } from './usage.js';
import { versionText } from './version.js';

/** The exit status of every usage error, whatever the command. */
export const USAGE_EXIT = 2;

/** Runs the CLI with these arguments; resolves with the exit status. */
export async function run(argv: readonly string[], io: Output): Promise<number> {
  const json = argv.includes('--json');
  /** A usage problem: exit 2, as JSON on stdout with --json, else in words on stderr. */
  const usageError = (code: string, message: string, topic?: string) => {
    if (json) io.out(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    else
      io.err(
        `${message}\n\nRun "playground ${topic ? `${topic} --help` : '--help'}" for the usage.\n`,
      );
    return USAGE_EXIT;
  };
  let command: Command;
  let start: () => Promise<Playground>;
  try {
    command = parseCommand(argv);
    const given = demoSecretsFromEnv(process.env);
    start = async () => {
      const demoSecrets = given ?? (await cachedDemoSecrets(process.env));
      return createPlayground({ ...(demoSecrets ? { demoSecrets } : {}) });
    };
  } catch (error) {
    if (error instanceof PlaygroundInputError) {
      const topic = argv.find((arg) => (COMMANDS as readonly string[]).includes(arg));
      return usageError('usage', error.message, topic);
    }
    throw error;
  }
  switch (command.name) {
    case 'help':
      io.out(`${command.topic ? COMMAND_USAGE[command.topic] : USAGE}\n`);
      return 0;
    case 'version':
      io.out(versionText());
      return 0;
    case 'queue':
      return runQueueCommand(command.argv, start);
  }
  const playground = await start();
  try {
    if (command.name === 'list') return runList(playground, command, io);
    return await runCancel(playground, command, io);
  } catch (error) {
    if (error instanceof PlaygroundInputError)
      return usageError('usage', error.message, command.name);
    if (PaykitError.isInstance(error) && error.code === 'unknown_connector') {
      return usageError(error.code, playground.redactor.redactString(error.message), command.name);
    }
    throw error;
  } finally {
    await playground.close();
  }
}
