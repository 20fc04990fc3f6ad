import type { Output } from './commands.js';
import { USAGE } from './usage.js';
import { versionText } from './version.js';

// The entry of the built bin (dist/cli.js) and of `pnpm playground`. --version and --help answer
// before any connector or simulator is loaded: that is most of the start-up.
const io: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
const argv = process.argv.slice(2);
const args = argv[0] === '--' ? argv.slice(1) : argv;

async function main(): Promise<number> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    io.out(versionText());
    return 0;
  }
  if (args.length === 0 || (args.length === 1 && ['--help', '-h', 'help'].includes(args[0]!))) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const { run } = await import('./run.js');
  return run(argv, io);
}

process.exitCode = await main().catch((error: unknown) => {
  // Not expected: no stack, which could hold settings; just what failed.
  io.err(`The playground CLI failed: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
