import { type ParseArgsConfig, parseArgs } from 'node:util';
import * as v from 'valibot';
import { ALL_SETUPS } from '../shared/connectors/index.js';
import { FAULT_NAMES } from '../shared/faults.js';
import { PlaygroundInputError } from '../shared/input-error.js';
import { COMMANDS, type CommandName } from './usage.js';

export type Command =
  | { name: 'help'; topic?: CommandName }
  | { name: 'version' }
  | { name: 'list'; connector?: string; json: boolean }
  | {
      name: 'cancel';
      connector: string;
      paymentId: string;
      requestId?: string;
      options: Record<string, string>;
      fault?: (typeof FAULT_NAMES)[number];
      faultOnce: boolean;
      /** Follow a pending cancel for this long at most. */
      waitMs?: number;
      verbose: boolean;
      json: boolean;
    }
  /** cancel-batch and worker: @paykit/queue's commands, given these arguments. */
  | { name: 'queue'; argv: string[] };

const connectorOptionNames = [
  ...new Set(ALL_SETUPS.flatMap((setup) => setup.options.map((option) => option.name))),
];

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

const cancelSchema = v.object({
  json: v.optional(v.boolean(), false),
  verbose: v.optional(v.boolean(), false),
  'request-id': v.optional(v.string()),
  fault: v.optional(v.picklist(FAULT_NAMES, `--fault must be one of ${FAULT_NAMES.join(', ')}`)),
  'fault-once': v.optional(v.boolean(), false),
  wait: v.optional(v.boolean(), false),
  'wait-for': v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.number('--wait-for must be a number of seconds'),
      v.minValue(1, '--wait-for must be at least 1 second'),
      v.maxValue(600, '--wait-for must be at most 600 seconds'),
    ),
  ),
});

/** node:util's parseArgs, its error as a usage error in one line. */
function parse(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    };
  } catch (error) {
    throw new PlaygroundInputError(
      (error as Error).message
        .split('\n')[0]!
        .replace(/^TypeError.*?: /, '')
        .replace(/\. To specify a positional.*$/, '.'),
    );
  }
}

function parseList(args: string[]): Command {
  const { values, positionals } = parse(args, { ...HELP, json: { type: 'boolean' } });
  if (values.help) return { name: 'help', topic: 'list' };
  if (positionals.length > 1) throw new PlaygroundInputError('list takes at most one connector.');
  return {
    name: 'list',
    json: values.json === true,
    ...(positionals[0] ? { connector: positionals[0] } : {}),
  };
}

function parseCancel(args: string[]): Command {
  const { values, positionals } = parse(args, {
    ...HELP,
    json: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    'request-id': { type: 'string' },
    fault: { type: 'string' },
    'fault-once': { type: 'boolean' },
    wait: { type: 'boolean' },
    'wait-for': { type: 'string' },
    ...Object.fromEntries(connectorOptionNames.map((name) => [name, { type: 'string' as const }])),
  });
  if (values.help) return { name: 'help', topic: 'cancel' };
  const result = v.safeParse(cancelSchema, values);
  if (!result.success)
    throw new PlaygroundInputError(result.issues.map((issue) => issue.message).join('; '));
  const flags = result.output;
  const [connector, paymentId, ...extra] = positionals;
  if (connector === undefined || paymentId === undefined) {
    throw new PlaygroundInputError(
      'cancel needs a connector and a payment id: cancel <connector> <paymentId>.',
    );
  }
  if (extra.length) throw new PlaygroundInputError(`Unexpected argument "${extra[0]}".`);
  if (flags['fault-once'] && !flags.fault)
    throw new PlaygroundInputError('--fault-once needs --fault.');
  if (flags['wait-for'] !== undefined && !flags.wait)
    throw new PlaygroundInputError('--wait-for needs --wait.');
  const options = Object.fromEntries(
    connectorOptionNames.flatMap((name) =>
      typeof values[name] === 'string' ? [[name, values[name] as string]] : [],
    ),
  );
  return {
    name: 'cancel',
    connector,
    paymentId,
    ...(flags['request-id'] !== undefined ? { requestId: flags['request-id'] } : {}),
    options,
    ...(flags.fault ? { fault: flags.fault } : {}),
    faultOnce: flags['fault-once'],
    ...(flags.wait ? { waitMs: (flags['wait-for'] ?? 30) * 1000 } : {}),
    verbose: flags.verbose,
    json: flags.json,
  };
}

/** The queue parses its own options; the playground only answers help and brings the connectors. */
function parseQueueCommand(name: 'cancel-batch' | 'worker', args: string[]): Command {
  if (args.includes('--help') || args.includes('-h')) return { name: 'help', topic: name };
  if (args.some((arg) => arg === '--registry' || arg.startsWith('--registry=')))
    throw new PlaygroundInputError(
      `${name} takes no --registry: the playground brings its own connectors.`,
    );
  return { name: 'queue', argv: [name, ...args] };
}

/**
 * Parses argv (without node and the script): a command first, then its own options; alone,
 * --help and --version. `pnpm … run cli -- …` may leave a leading `--`.
 */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv[0] === '--' ? argv.slice(1) : [...argv];
  switch (first) {
    case undefined:
    case '--help':
    case '-h':
      if (rest.length) throw new PlaygroundInputError(`Unexpected argument "${rest[0]}".`);
      return { name: 'help' };
    case '--version':
    case '-V':
      if (rest.length) throw new PlaygroundInputError(`Unexpected argument "${rest[0]}".`);
      return { name: 'version' };
    case 'help': {
      const [topic, ...extra] = rest;
      if (extra.length) throw new PlaygroundInputError(`Unexpected argument "${extra[0]}".`);
      if (topic === undefined) return { name: 'help' };
      if (!(COMMANDS as readonly string[]).includes(topic))
        throw new PlaygroundInputError(`No command "${topic}": use ${COMMANDS.join(', ')}.`);
      return { name: 'help', topic: topic as CommandName };
    }
    case 'list':
      return parseList(rest);
    case 'cancel':
      return parseCancel(rest);
    case 'cancel-batch':
    case 'worker':
      return parseQueueCommand(first, rest);
    default:
      if (first.startsWith('-')) throw new PlaygroundInputError(`Unknown option '${first}'.`);
      throw new PlaygroundInputError(`Unknown command "${first}": use ${COMMANDS.join(', ')}.`);
  }
}
