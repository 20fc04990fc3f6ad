// Help texts only: main.ts prints them without loading the connectors.

export const COMMANDS = ['list', 'cancel', 'cancel-batch', 'worker'] as const;
export type CommandName = (typeof COMMANDS)[number];

const EXIT_USAGE = '2 a usage error (a bad option, argument or file)';

const SHARED = `The playground is node apps/playground/dist/cli.js (after pnpm build), or pnpm playground from
the repository root. Each run starts its own simulators with the same demo data.`;

export const USAGE = `Usage: playground <command> [options]

Commands:
  list [connector]                      the connectors and their demo payments
  cancel <connector> <paymentId>        cancel one payment, showing every request
  cancel-batch <file.csv|file.jsonl>    cancel every payment of a file, on @paykit/queue
  worker                                take cancel-batch jobs from Redis (REDIS_URL)

Options:
  --help, -h      this help; "<command> --help" for a command's
  --version, -V   the playground's and paykit's versions

${SHARED}`;

export const COMMAND_USAGE: Record<CommandName, string> = {
  list: `Usage: playground list [connector] [--json]

Lists each connector (or one) with its mode and its demo payments, numbered: @1 is the first.
A payment's position names it in cancel and cancel-batch (PayerMax and YabandPay demo ids change
on every run).

Options:
  --json   print JSON for scripts

Exit status: 0 done, ${EXIT_USAGE}.`,

  cancel: `Usage: playground cancel <connector> <paymentId> [options]

Options:
  --target charge|reference        Liquido: cancel a charge or a PayCash reference (default: what
                                   the demo payment is, for @N; else charge)
  --method reversal|cancel|silent  YabandPay: v3.POSReversal (default), v3.POSCancel, v3.CancelPayment
  --tid <terminal>                 YabandPay: the terminal id
  --reason <reason>                Acme Pay: requested_by_customer, duplicate or fraudulent
  --request-id <id>                the cancel's request id (generated when absent)
  --wait                           a pending cancel: follow it until the provider settles it
                                   (the status query; PayerMax: the same cancel again)
  --wait-for <seconds>             how long --wait follows at most (default 30)
  --fault 503|timeout|reset|bad-signature
                                   inject a fault into the simulator's next requests (every attempt)
  --fault-once                     inject it into the first request only: watch a retry recover
  --verbose, -v                    print each request's headers, body, signed string and answer
  --json                           print JSON for scripts

A payment id may be a position from list: @1 is the connector's first demo payment.

Exit status: 0 cancelled or pending, 1 the connector refused or failed, ${EXIT_USAGE},
3 still pending when --wait gave up.`,

  'cancel-batch': `Usage: playground cancel-batch <file.csv|file.jsonl> [options]

Runs every cancel of the file to an outcome on @paykit/queue: in this process, or with REDIS_URL
(or --redis) on Redis, where playground worker processes share the work. A progress bar per
connector, a summary table, and a results file (JSON Lines). Run it again after Ctrl+C: ended
cancels are not sent again, the others go with the same requestId.

The file: CSV with a header connector,paymentId[,requestId,providerOptions], or JSON Lines of
{"connector":…,"paymentId":…}. A paymentId may be a demo position (@1); a Liquido @N that is a
PayCash reference is cancelled as one.

Options:
  --results <file>          outcomes as JSON Lines (default <file>.results.jsonl)
  --redis <url>             redis://host:port (default REDIS_URL); without it, in-process
  --no-work                 with Redis: only enqueue and wait; workers do the work
  --concurrency <n>         jobs at once per connector, across all workers (default 8)
  --worker-concurrency <n>  jobs at once per connector in this process
  --rate <n>                provider steps per second per connector (default: no limit)
  --deadline <seconds>      how long a job may stay pending or failing (default 900)
  --prefix <p> --name <n>   the Redis queue (default paykit / cancels)
  --lock-ms <ms> --stalled-ms <ms>  how soon a dead worker's jobs are taken back
  --quiet                   no progress output
  --json                    the summary as JSON on stdout

Exit status: 0 every cancel ended cancelled, 1 some refused (or the run failed: Redis, say),
${EXIT_USAGE}, 3 some unresolved, 130 interrupted (run it again to resume).`,

  worker: `Usage: playground worker [--redis <url>] [options]

Takes cancel-batch jobs from Redis (REDIS_URL or --redis) until Ctrl+C, with the playground's
connectors. Against simulators each process drives its own (Liquido's demo ids are the same in
every process; PayerMax and YabandPay positions are resolved in each process's simulators).

Options: --concurrency, --worker-concurrency, --rate, --deadline, --prefix, --name, --lock-ms,
--stalled-ms, as for cancel-batch.

Exit status: 0 stopped, 1 Redis could not be reached, ${EXIT_USAGE}.`,
};
