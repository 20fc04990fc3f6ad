import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PaykitError } from '@paykit/core';
import { jobIdentity } from '../identity.js';
import { createCancelQueue } from '../memory-queue.js';
import type { ConnectorPolicyOptions } from '../policy.js';
import type { CancelJobInput, CancelOutcome, CancelQueue } from '../types.js';
import { formatOf, parseBatch } from './batch-file.js';
import { createProgress, doneOf, emptyTally, summary, type Tally } from './progress.js';
import { loadRegistryModule, type RegistrySetup } from './registry-module.js';
import { readResults, resultsWriter } from './results.js';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (Ctrl-C); the command then ends cleanly. */
  interrupted: Promise<void>;
  /** The exit codes to answer with (see `EXIT`). */
  exit: ExitCodes;
  /** The connectors when no `--registry` is given: a program that has its own (the playground). */
  setup?: () => Promise<RegistrySetup>;
}

/** Exit codes of the CLI. */
export const EXIT = {
  /** Every job ended cancelled. */
  ok: 0,
  /** Bad arguments, file, registry module or connection. */
  error: 1,
  /** Bad arguments or a bad batch file (the same as `error` unless a caller tells apart). */
  usage: 1,
  /** Every job ended, some refused (none unresolved). */
  refused: 2,
  /** Some job ended unresolved. */
  unresolved: 3,
  /** Interrupted: run the same command again to resume. */
  interrupted: 130,
} as const;

export type ExitCodes = { [name in keyof typeof EXIT]: number };

export const USAGE = `Usage:
  paykit-queue cancel-batch <file.csv|file.jsonl> --registry <module> [options]
  paykit-queue worker --registry <module> --redis <url> [options]
  paykit-queue --version

cancel-batch runs every cancel of the file to an outcome: in this process, or, with --redis
(or REDIS_URL), on a BullMQ queue shared with any number of worker processes. Run it again
after an interruption: finished cancels are not sent again.

Options:
  --registry <module>   a module exporting a registry (default PAYKIT_QUEUE_REGISTRY)
  --redis <url>         redis://host:port (default REDIS_URL); without it, in-process
  --results <file>      outcomes as JSON Lines (default <file>.results.jsonl)
  --no-work             with --redis: enqueue and wait; worker processes do the work
  --concurrency <n>     jobs at once per connector, across all workers (default 8)
  --worker-concurrency <n>  jobs at once per connector in one worker process (default: --concurrency)
  --rate <n>            provider steps per second per connector (default: no limit)
  --deadline <seconds>  how long a job may stay pending or failing (default 900)
  --prefix <p> --name <n>  the Redis queue (default paykit / cancels)
  --lock-ms <ms> --stalled-ms <ms>  how soon a dead worker's jobs are taken back (default 30000)
  --quiet               no progress output
  --json                print the summary as JSON on stdout

Exit codes: 0 all cancelled, 2 some refused, 3 some unresolved, 1 error, 130 interrupted.
`;

const OPTIONS = {
  registry: { type: 'string' },
  redis: { type: 'string' },
  results: { type: 'string' },
  'no-work': { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  'worker-concurrency': { type: 'string' },
  rate: { type: 'string' },
  deadline: { type: 'string' },
  prefix: { type: 'string' },
  name: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'lock-ms': { type: 'string' },
  'stalled-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

/** A problem with the command line or the batch file: the caller's mistake, not the run's. */
export function usageError(message: string): PaykitError {
  return new PaykitError({ code: 'invalid_request', message });
}

function number(
  values: Values,
  name: 'concurrency' | 'worker-concurrency' | 'rate' | 'deadline' | 'lock-ms' | 'stalled-ms',
) {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw usageError(`--${name} must be a positive number`);
  return value;
}

function defaultsOf(values: Values): ConnectorPolicyOptions {
  const concurrency = number(values, 'concurrency');
  const workerConcurrency = number(values, 'worker-concurrency');
  const rate = number(values, 'rate');
  const deadline = number(values, 'deadline');
  return {
    ...(concurrency !== undefined ? { concurrency: Math.floor(concurrency) } : {}),
    ...(workerConcurrency !== undefined
      ? { workerConcurrency: Math.floor(workerConcurrency) }
      : {}),
    ...(rate !== undefined ? { ratePerSecond: rate } : {}),
    ...(deadline !== undefined ? { deadlineMs: deadline * 1000 } : {}),
  };
}

async function redisQueue(
  values: Values,
  url: string,
  setup: RegistrySetup | undefined,
  work: boolean,
  connectorIds: string[],
) {
  const { createRedisCancelQueue } = await import('../redis/index.js');
  const lock = number(values, 'lock-ms');
  const stalled = number(values, 'stalled-ms');
  return createRedisCancelQueue({
    url,
    ...(values.prefix ? { prefix: values.prefix } : {}),
    ...(values.name ? { name: values.name } : {}),
    ...(setup && work ? { registry: setup.registry } : {}),
    work,
    defaults: { ...setup?.defaults, ...defaultsOf(values) },
    ...(setup?.connectors ? { connectors: setup.connectors } : {}),
    connectorIds,
    ...(lock ? { lockDurationMs: lock } : {}),
    ...(stalled ? { stalledIntervalMs: stalled } : {}),
  });
}

export async function cancelBatch(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    io.stdout.write(USAGE);
    return io.exit.ok;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usageError('cancel-batch takes one file: a .csv or .jsonl');
  const path = resolve(io.cwd, file);
  const format = formatOf(path);
  if (!format) throw usageError(`${file}: the file must end in .csv or .jsonl`);
  if (!existsSync(path)) throw usageError(`${file}: no such file`);
  const batch = parseBatch(readFileSync(path, 'utf8'), format);
  if (batch.errors.length > 0) {
    throw usageError(`${file} has errors:\n  ${batch.errors.slice(0, 20).join('\n  ')}`);
  }
  const url = values.redis ?? io.env.REDIS_URL;
  const work = !values['no-work'];
  if (!url && !work) throw usageError('--no-work needs --redis (or REDIS_URL): someone must work');
  const registrySpecifier = values.registry ?? io.env.PAYKIT_QUEUE_REGISTRY;
  if (!registrySpecifier && !io.setup && work) {
    throw usageError('cancel-batch needs --registry <module> (or PAYKIT_QUEUE_REGISTRY)');
  }
  const resultsPath = resolve(io.cwd, values.results ?? `${file}.results.jsonl`);

  // The jobs of the file, once each (the same connector, payment and requestId is one job).
  const jobs = new Map<string, CancelJobInput>();
  for (const row of batch.rows) {
    try {
      const { key } = await jobIdentity(row.input);
      jobs.set(key, row.input);
    } catch (error) {
      throw usageError(`${file} line ${row.line}: ${(error as Error).message}`);
    }
  }
  const previous = readResults(resultsPath);
  const tallies = new Map<string, Tally>();
  const tally = (id: string) => {
    let t = tallies.get(id);
    if (!t) {
      t = emptyTally();
      tallies.set(id, t);
    }
    return t;
  };
  const ended = new Map<string, CancelOutcome>();
  for (const [key, input] of jobs) {
    tally(input.connector).total += 1;
    const before = previous.get(key);
    if (before) {
      ended.set(key, before);
      tally(input.connector)[before.status] += 1;
      tally(input.connector).resumed += 1;
    }
  }

  const setup = registrySpecifier
    ? await loadRegistryModule(registrySpecifier, io.cwd)
    : await io.setup?.();
  let queue: CancelQueue | undefined;
  // The results file is made when a run starts: its presence says an earlier run may have sent
  // the cancels that have no outcome yet.
  const resuming = existsSync(resultsPath);
  const write = resultsWriter(resultsPath);
  const progress = createProgress(tallies, { stream: io.stderr, quiet: values.quiet });
  let off = () => {};
  let interrupted = false;
  try {
    queue = url
      ? await redisQueue(values, url, setup, work, [...tallies.keys()])
      : createCancelQueue({
          registry: setup!.registry,
          resumed: resuming,
          defaults: { ...setup!.defaults, ...defaultsOf(values) },
          ...(setup!.connectors ? { connectors: setup!.connectors } : {}),
        });
    let finish: () => void = () => {};
    const allDone = new Promise<void>((resolveDone) => {
      finish = resolveDone;
    });
    const take = (outcome: CancelOutcome) => {
      if (!jobs.has(outcome.key) || ended.has(outcome.key)) return;
      ended.set(outcome.key, outcome);
      write(outcome);
      const t = tally(outcome.connector);
      t[outcome.status] += 1;
      progress.update(outcome.connector, t);
      if (ended.size === jobs.size) finish();
    };
    if (ended.size === jobs.size) finish();
    off = queue.onOutcome(take);
    const open = [...jobs].filter(([key]) => !ended.has(key));
    for (let i = 0; i < open.length; i += 500) {
      await queue.enqueueMany(open.slice(i, i + 500).map(([, input]) => input));
    }
    // Outcomes recorded before this run, or by workers while this process was not listening.
    const sweep = async () => {
      const missing = [...jobs.keys()].filter((key) => !ended.has(key));
      for (const outcome of (await queue!.outcomes(missing)).values()) take(outcome);
    };
    await sweep();
    const timer = setInterval(() => {
      sweep().catch(() => undefined);
    }, 1000);
    await Promise.race([allDone, io.interrupted.then(() => (interrupted = true))]);
    clearInterval(timer);
  } finally {
    // Steps still running finish on close; their outcomes are written too.
    await queue?.close();
    off();
    progress.stop();
    await setup?.close?.();
  }

  const outcomes = [...jobs.keys()].flatMap((key) => (ended.has(key) ? [ended.get(key)!] : []));
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ results: resultsPath, interrupted, connectors: Object.fromEntries(tallies) })}\n`,
    );
  } else {
    io.stdout.write(summary(tallies, outcomes));
    io.stdout.write(`\nresults: ${resultsPath}\n`);
  }
  if (interrupted) {
    io.stderr.write(
      `interrupted: ${ended.size} of ${jobs.size} jobs ended. Run the same command again to resume; ended cancels are not sent again.\n`,
    );
    return io.exit.interrupted;
  }
  const total = [...tallies.values()].reduce((sum, t) => sum + doneOf(t), 0);
  if (total !== jobs.size) return io.exit.error;
  if ([...tallies.values()].some((t) => t.unresolved > 0)) return io.exit.unresolved;
  if ([...tallies.values()].some((t) => t.refused > 0)) return io.exit.refused;
  return io.exit.ok;
}

export async function worker(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    io.stdout.write(USAGE);
    return io.exit.ok;
  }
  if (positionals.length > 0) throw usageError('worker takes no file');
  const url = values.redis ?? io.env.REDIS_URL;
  if (!url) throw usageError('worker needs --redis <url> (or REDIS_URL)');
  const specifier = values.registry ?? io.env.PAYKIT_QUEUE_REGISTRY;
  if (!specifier && !io.setup)
    throw usageError('worker needs --registry <module> (or PAYKIT_QUEUE_REGISTRY)');
  const setup = specifier ? await loadRegistryModule(specifier, io.cwd) : await io.setup!();
  let count = 0;
  try {
    const queue = await redisQueue(values, url, setup, true, []);
    queue.onOutcome(() => {
      count += 1;
    });
    io.stdout.write(
      `paykit-queue worker ${process.pid} ready: ${(queue as { working?: readonly string[] }).working?.join(', ')}\n`,
    );
    await io.interrupted;
    await queue.close();
  } finally {
    // A setup that serves something (simulators) must stop even when Redis was not reached.
    await setup.close?.();
  }
  io.stdout.write(`paykit-queue worker ${process.pid} stopped (${count} outcomes seen)\n`);
  return io.exit.ok;
}
