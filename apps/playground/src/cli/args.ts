import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { ALL_SETUPS } from '../shared/connectors/index.js';
import { FAULT_NAMES } from '../shared/faults.js';
import { PlaygroundInputError } from '../shared/input-error.js';

export const USAGE = `Usage:
  pnpm playground list [connector] [--json]
  pnpm playground cancel <connector> <paymentId> [options] [--json]

Cancel options:
  --target charge|reference        Liquido: cancel a charge (default) or a PayCash reference
  --method reversal|cancel|silent  YabandPay: v3.POSReversal (default), v3.POSCancel, v3.CancelPayment
  --tid <terminal>                 YabandPay: the terminal id
  --reason <reason>                Acme Pay: requested_by_customer, duplicate or fraudulent
  --request-id <id>                the cancel's request id (generated when absent)
  --fault 503|timeout|reset|bad-signature
                                   inject a fault into the simulator's next requests (every attempt)
  --fault-once                     inject it into the first request only: watch a retry recover
  --verbose                        print each request's headers, body, signed string and answer
  --json                           print JSON for scripts

A payment id may be a position from \`list\`: @1 is the first payment of that connector. (Each run
starts fresh simulators with the same demo data; PayerMax and YabandPay demo ids change per run.)
Exit status: 0 done, 1 the connector refused or failed, 2 a usage error.`;

const optionNames = [
  ...new Set(ALL_SETUPS.flatMap((setup) => setup.options.map((option) => option.name))),
];

const flagsSchema = v.object({
  json: v.optional(v.boolean(), false),
  verbose: v.optional(v.boolean(), false),
  help: v.optional(v.boolean(), false),
  'request-id': v.optional(v.string()),
  fault: v.optional(v.picklist(FAULT_NAMES, `--fault must be one of ${FAULT_NAMES.join(', ')}`)),
  'fault-once': v.optional(v.boolean(), false),
  options: v.record(v.string(), v.string()),
});

export type Command =
  | { name: 'help' }
  | { name: 'list'; connector?: string; json: boolean }
  | {
      name: 'cancel';
      connector: string;
      paymentId: string;
      requestId?: string;
      options: Record<string, string>;
      fault?: (typeof FAULT_NAMES)[number];
      faultOnce: boolean;
      verbose: boolean;
      json: boolean;
    };

/** Parses argv (without node and the script); `pnpm … run cli -- …` may leave a leading `--`. */
export function parseCommand(argv: readonly string[]): Command {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        'request-id': { type: 'string' },
        fault: { type: 'string' },
        'fault-once': { type: 'boolean' },
        ...Object.fromEntries(optionNames.map((name) => [name, { type: 'string' as const }])),
      },
    });
  } catch (error) {
    throw new PlaygroundInputError(
      (error as Error).message.split('\n')[0]!.replace(/^TypeError.*?: /, ''),
    );
  }
  const { values, positionals } = parsed;
  const options = Object.fromEntries(
    optionNames
      .filter((name) => typeof values[name] === 'string')
      .map((name) => [name, values[name] as string]),
  );
  const result = v.safeParse(flagsSchema, { ...values, options });
  if (!result.success)
    throw new PlaygroundInputError(result.issues.map((issue) => issue.message).join('; '));
  const flags = result.output;
  const [command, ...rest] = positionals;

  if (flags.help || command === undefined || command === 'help') return { name: 'help' };
  if (command === 'list') {
    if (rest.length > 1) throw new PlaygroundInputError('list takes at most one connector.');
    return { name: 'list', json: flags.json, ...(rest[0] ? { connector: rest[0] } : {}) };
  }
  if (command === 'cancel') {
    const [connector, paymentId, ...extra] = rest;
    if (connector === undefined || paymentId === undefined) {
      throw new PlaygroundInputError(
        'cancel needs a connector and a payment id: cancel <connector> <paymentId>.',
      );
    }
    if (extra.length) throw new PlaygroundInputError(`Unexpected argument "${extra[0]}".`);
    if (flags['fault-once'] && !flags.fault)
      throw new PlaygroundInputError('--fault-once needs --fault.');
    return {
      name: 'cancel',
      connector,
      paymentId,
      ...(flags['request-id'] !== undefined ? { requestId: flags['request-id'] } : {}),
      options: flags.options,
      ...(flags.fault ? { fault: flags.fault } : {}),
      faultOnce: flags['fault-once'],
      verbose: flags.verbose,
      json: flags.json,
    };
  }
  throw new PlaygroundInputError(`Unknown command "${command}": use list or cancel.`);
}
