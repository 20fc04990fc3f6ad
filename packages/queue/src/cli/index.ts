import { PaykitError } from '@paykit/core';
import { VERSION } from '../version.js';
import { type CliIo, cancelBatch, EXIT, type ExitCodes, USAGE, worker } from './commands.js';
import type { RegistrySetup } from './registry-module.js';

export { type BatchFile, type BatchRow, parseBatch } from './batch-file.js';
export { EXIT, type ExitCodes, USAGE } from './commands.js';
export type { RegistryModuleExport, RegistrySetup } from './registry-module.js';
export { readResults } from './results.js';

export interface RunCliOptions {
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Resolves to stop the command cleanly. Default: the first SIGINT or SIGTERM. */
  interrupted?: Promise<void>;
  /**
   * The connectors to use when no `--registry` is given: for a program that embeds these
   * commands and has its own registry (the playground). Called once, when the command needs it;
   * its `close` runs when the command ends.
   */
  setup?: () => Promise<RegistrySetup>;
  /** Exit codes to answer with instead of `EXIT`'s, e.g. `{ usage: 2, refused: 1 }`. */
  exitCodes?: Partial<ExitCodes>;
  /** The name error messages start with. Default `paykit-queue`. */
  name?: string;
}

/** A mistake in the command line (node:util's parseArgs) or the batch file (`usageError`). */
function isUsageError(error: unknown): boolean {
  if (PaykitError.isInstance(error)) return error.code === 'invalid_request';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function onSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * The `paykit-queue` command: `cancel-batch <file>` or `worker`. Resolves with the exit code
 * (see `EXIT`); what it prints goes to `stdout` and `stderr`.
 */
export async function runCli(
  argv: readonly string[],
  options: RunCliOptions = {},
): Promise<number> {
  const exit: ExitCodes = { ...EXIT, ...options.exitCodes };
  const name = options.name ?? 'paykit-queue';
  const io: CliIo = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    interrupted: options.interrupted ?? onSignal(),
    exit,
    ...(options.setup ? { setup: options.setup } : {}),
  };
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'cancel-batch':
        return await cancelBatch(args, io);
      case 'worker':
        return await worker(args, io);
      case '--version':
      case '-v':
        io.stdout.write(`${name} ${VERSION}\n`);
        return exit.ok;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? exit.usage : exit.ok;
      default:
        io.stderr.write(`${name}: unknown command "${command}"\n\n${USAGE}`);
        return exit.usage;
    }
  } catch (error) {
    const message = PaykitError.isInstance(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    io.stderr.write(`${name}: ${message}\n`);
    return isUsageError(error) ? exit.usage : exit.error;
  }
}
