import { type CancelOutcome, type CancelQueue, createCancelQueue } from '@paykit/queue';
import { parseBatch } from '@paykit/queue/cli';
import { PlaygroundInputError } from '../shared/input-error.js';
import type { Playground } from '../shared/playground.js';

/** Outcomes of one connector's cancels in a batch. */
interface Tally {
  total: number;
  cancelled: number;
  refused: number;
  unresolved: number;
}

interface BatchRun {
  id: number;
  startedAt: number;
  finishedAt?: number;
  jobs: { key: string; connector: string; paymentId: string; requestId: string }[];
  outcomes: Map<string, CancelOutcome>;
  /** Lines of the file that were not run, and why. */
  skipped: string[];
  queue: CancelQueue;
}

/** A batch as the page shows it: progress, outcomes by connector, what is left unresolved. */
function view(run: BatchRun) {
  const byConnector: Record<string, Tally> = {};
  for (const job of run.jobs) {
    byConnector[job.connector] ??= { total: 0, cancelled: 0, refused: 0, unresolved: 0 };
    byConnector[job.connector]!.total++;
  }
  const outcomes = run.jobs.flatMap((job) => run.outcomes.get(job.key) ?? []);
  for (const outcome of outcomes) byConnector[outcome.connector]![outcome.status]++;
  return {
    id: run.id,
    total: run.jobs.length,
    done: outcomes.length,
    finished: run.finishedAt !== undefined,
    durationMs: (run.finishedAt ?? Date.now()) - run.startedAt,
    skipped: run.skipped,
    byConnector,
    outcomes,
    unresolved: outcomes.filter((outcome) => outcome.status === 'unresolved'),
  };
}

export type BatchView = ReturnType<typeof view>;

/**
 * Runs batches of cancels through @paykit/queue's in-process queue, against the embedded
 * simulators only: a batch is a demonstration, never a way to cancel a sandbox's payments in bulk.
 * Each batch has a queue of its own, closed when every job has its outcome.
 */
export function createBatchRunner(playground: Playground) {
  const runs = new Map<number, BatchRun>();
  const closing = new Set<Promise<void>>();
  let nextId = 1;

  function check(text: string, format: 'csv' | 'jsonl') {
    const parsed = parseBatch(text, format);
    const skipped = [...parsed.errors];
    const rows = parsed.rows.filter(({ line, input }) => {
      const entry = playground.connectors.find((c) => c.id === input.connector);
      if (!entry) {
        skipped.push(
          `line ${line}: no connector "${input.connector}" (there are ${playground.connectors.map((c) => c.id).join(', ')})`,
        );
        return false;
      }
      if (!entry.simulator) {
        skipped.push(
          `line ${line}: ${entry.id} talks to its sandbox; a batch runs on simulators only`,
        );
        return false;
      }
      return true;
    });
    if (rows.length === 0)
      throw new PlaygroundInputError(
        'No cancel to run in this batch.',
        skipped.length ? skipped : undefined,
      );
    return { rows, skipped };
  }

  return {
    /** Whether a batch still has jobs under way (a fault injected now would hit them). */
    get running() {
      return [...runs.values()].some((run) => run.finishedAt === undefined);
    },
    async start(text: string, format: 'csv' | 'jsonl') {
      const { rows, skipped } = check(text, format);
      const queue = createCancelQueue({
        registry: playground.registry,
        // Quick follow-ups: PayerMax's simulator settles a cancel after two seconds.
        defaults: {
          backoffMs: 200,
          followDelayMs: 500,
          followMaxDelayMs: 2000,
          deadlineMs: 60_000,
        },
      });
      const run: BatchRun = {
        id: nextId++,
        startedAt: Date.now(),
        jobs: [],
        outcomes: new Map(),
        skipped,
        queue,
      };
      runs.set(run.id, run);
      queue.onOutcome((outcome) =>
        run.outcomes.set(outcome.key, playground.redactor.redact(outcome)),
      );
      const jobs = await queue.enqueueMany(rows.map((row) => row.input));
      // The same payment twice in one file is one job: shown once.
      run.jobs = [...new Map(jobs.map((job) => [job.key, job])).values()];
      const done = Promise.all(
        run.jobs.map((job) => queue.waitFor(job.key, { timeoutMs: 120_000 })),
      )
        .catch(() => undefined)
        .then(async () => {
          for (const outcome of (await queue.outcomes(run.jobs.map((j) => j.key))).values())
            run.outcomes.set(outcome.key, playground.redactor.redact(outcome));
          run.finishedAt = Date.now();
          await queue.close();
        });
      closing.add(done);
      void done.finally(() => closing.delete(done));
      return view(run);
    },
    get(id: number) {
      const run = runs.get(id);
      return run ? view(run) : undefined;
    },
    /** A CSV of every demo payment of every simulator: what the page offers to try a batch. */
    demoFile(): string {
      const lines = ['connector,paymentId,providerOptions'];
      for (const entry of playground.connectors) {
        for (const payment of entry.simulator?.listPayments() ?? []) {
          const options = playground.providerOptions(entry.id, payment.options ?? {});
          const json = Object.keys(options).length
            ? `"${JSON.stringify({ [entry.id]: options }).replaceAll('"', '""')}"`
            : '';
          lines.push(`${entry.id},${payment.id},${json}`);
        }
      }
      return `${lines.join('\n')}\n`;
    },
    /** Stops every batch under way (its jobs end where they are) and waits for the queues. */
    async close() {
      await Promise.all([...runs.values()].map((run) => run.queue.close()));
      await Promise.all(closing);
    },
  };
}

export type BatchRunner = ReturnType<typeof createBatchRunner>;
