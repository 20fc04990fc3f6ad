import { PaykitError } from '@paykit/core';
import { type CliIo, cancelBatch, EXIT, USAGE, worker } from './commands.js';

export { type BatchFile, type BatchRow, parseBatch } from './batch-file.js';
export { EXIT, USAGE } from './commands.js';
export type { RegistryModuleExport, RegistrySetup } from './registry-module.js';
export { readResults } from './results.js';

export interface RunCliOptions {
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Resolves to stop the command cleanly. Default: the first SIGINT or SIGTERM. */
  interrupted?: Promise<void>;
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
  const io: CliIo = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    interrupted: options.interrupted ?? onSignal(),
  };
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'cancel-batch':
        return await cancelBatch(args, io);
      case 'worker':
        return await worker(args, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT.error : EXIT.ok;
      default:
        io.stderr.write(`paykit-queue: unknown command "${command}"\n\n${USAGE}`);
        return EXIT.error;
    }
  } catch (error) {
    const message = PaykitError.isInstance(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    io.stderr.write(`paykit-queue: ${message}\n`);
    return EXIT.error;
  }
}
