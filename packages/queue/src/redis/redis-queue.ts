import { PaykitError, type Registry, type WebhookEvent } from '@paykit/core';
import type * as BullMQ from 'bullmq';
import { type JobState, newJobState, paymentField } from '../job.js';
import { type PolicyOptions, rateWindow } from '../policy.js';
import { checkRegistry, createOutcomeEmitter, createPolicies, timeoutError } from '../shared.js';
import { type ObservedEvent, observedEventOf, runStep } from '../step.js';
import type {
  CancelJobInput,
  CancelOutcome,
  CancelQueue,
  ConnectorCounts,
  EnqueuedJob,
  UnresolvedOutcome,
} from '../types.js';
import {
  type BullMQModule,
  bullConnection,
  loadBullMQ,
  openClient,
  type RedisConnectionOptions,
} from './connection.js';

export interface RedisCancelQueueOptions extends PolicyOptions, RedisConnectionOptions {
  /** Redis key prefix. Default `paykit`. */
  prefix?: string;
  /** The queue's name: every process that uses the same prefix and name shares its jobs. Default `cancels`. */
  name?: string;
  /**
   * The connectors jobs run through. With it (and `work` not false) this process is a worker:
   * it takes jobs of every connector the registry holds.
   */
  registry?: Registry;
  /** Default: true when a registry is given. False: enqueue, observe and read outcomes only. */
  work?: boolean;
  /**
   * Connector ids whose outcomes this process listens to and counts, besides those of the
   * registry and those it enqueues.
   */
  connectors?: PolicyOptions['connectors'];
  /** Connector ids to listen to without a policy of their own. */
  connectorIds?: readonly string[];
  /** How long a worker's lock on a running job lasts, renewed while it runs. Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died. Default 30 s. */
  stalledIntervalMs?: number;
  /** Times a job may be taken back from a dead worker before it ends `unresolved`. Default 5. */
  maxStalledCount?: number;
  /** Completed BullMQ jobs kept (the outcomes stay in their own hash). Default 1000 per connector. */
  keepCompleted?: number;
}

export interface RedisCancelQueue extends CancelQueue {
  /** Connector ids this process works on (empty when it does not work). */
  readonly working: readonly string[];
  /** The BullMQ queue name of a connector's jobs. */
  queueName(connector: string): string;
}

// Lua, so that each check-and-write is one atomic round trip.
const COMMANDS = {
  // KEYS: outcomes, payments. ARGV: job key, payment field.
  // 1: ended already; 0: enqueued before and not ended; 2: new.
  paykitEnqueue: {
    keys: 2,
    lua: `if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 1 end
local previous = redis.call('HGET', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
if previous == ARGV[1] then return 0 end
return 2`,
  },
  // KEYS: outcomes, events. ARGV: job key, payment field. The outcome, and the event (taken).
  paykitBegin: {
    keys: 2,
    lua: `local outcome = redis.call('HGET', KEYS[1], ARGV[1])
local event = redis.call('HGET', KEYS[2], ARGV[2])
if event then redis.call('HDEL', KEYS[2], ARGV[2]) end
return {outcome or false, event or false}`,
  },
  // KEYS: outcomes, events, payments, done. ARGV: job key, outcome, payment field, connector.
  // The first outcome recorded stays; every caller gets it back.
  paykitFinish: {
    keys: 4,
    lua: `local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return existing end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
if redis.call('HGET', KEYS[3], ARGV[3]) == ARGV[1] then
  redis.call('HDEL', KEYS[3], ARGV[3])
  redis.call('HDEL', KEYS[2], ARGV[3])
end
return ARGV[2]`,
  },
  // KEYS: payments, events. ARGV: payment field, event. The job key, or false.
  paykitObserve: {
    keys: 2,
    lua: `local key = redis.call('HGET', KEYS[1], ARGV[1])
if not key then return false end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return key`,
  },
} as const;

const parse = (text: unknown): CancelOutcome | undefined =>
  typeof text === 'string' ? (JSON.parse(text) as CancelOutcome) : undefined;

/**
 * The Redis backend: one BullMQ queue per connector (`<name>.<connector>`), so each connector's
 * global concurrency and rate limit are BullMQ's own (`setGlobalConcurrency`,
 * `setGlobalRateLimit`) and hold across every worker; job ids dedupe enqueues; retries use
 * BullMQ's exponential backoff; follow-up checks are delayed jobs (`moveToDelayed`) that a
 * webhook event promotes; outcomes are recorded once, in a hash, and announced by QueueEvents.
 */
export async function createRedisCancelQueue(
  options: RedisCancelQueueOptions = {},
): Promise<RedisCancelQueue> {
  const registry = options.registry;
  if (registry !== undefined) checkRegistry(registry);
  const work = options.work ?? registry !== undefined;
  if (work && !registry) {
    throw new PaykitError({
      code: 'configuration_error',
      message: 'A Redis queue that works on jobs needs a registry.',
    });
  }
  const prefix = options.prefix ?? 'paykit';
  const name = options.name ?? 'cancels';
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix) || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new PaykitError({
      code: 'configuration_error',
      message: 'The queue prefix and name may hold only letters, digits, ".", "-" and "_".',
    });
  }
  const connection = bullConnection(options);
  const bullmq: BullMQModule = await loadBullMQ();
  const policyOf = createPolicies(registry, options);
  const emitter = createOutcomeEmitter();
  const keys = {
    outcomes: `${prefix}:${name}:outcomes`,
    events: `${prefix}:${name}:events`,
    payments: `${prefix}:${name}:payments`,
    done: `${prefix}:${name}:done`,
  };
  const queueName = (connector: string) => `${name}.${connector}`;
  const { client, close: closeClient } = await openClient(bullmq, connection, COMMANDS);
  const run = (command: keyof typeof COMMANDS, args: (string | number)[]) =>
    client.runCommand(command, args) as Promise<unknown>;

  const queues = new Map<string, BullMQ.Queue>();
  const listeners = new Map<string, BullMQ.QueueEvents>();
  const workers: BullMQ.Worker[] = [];
  const waiters = new Map<string, Set<(outcome: CancelOutcome) => void>>();
  let closed = false;

  function queueOf(connector: string): BullMQ.Queue {
    let queue = queues.get(connector);
    if (!queue) {
      queue = new bullmq.Queue(queueName(connector), { connection, prefix });
      queue.on('error', () => undefined);
      queues.set(connector, queue);
    }
    return queue;
  }

  function announce(outcome: CancelOutcome): void {
    emitter.emit(outcome);
    for (const resolve of waiters.get(outcome.key) ?? []) resolve(outcome);
    waiters.delete(outcome.key);
  }

  async function finish(outcome: CancelOutcome): Promise<CancelOutcome> {
    const stored = await run('paykitFinish', [
      keys.outcomes,
      keys.events,
      keys.payments,
      keys.done,
      outcome.key,
      JSON.stringify(outcome),
      paymentField(outcome.connector, outcome.paymentId),
      outcome.connector,
    ]);
    return parse(stored) ?? outcome;
  }

  // A job BullMQ failed (taken back from dead workers more than maxStalledCount times) has no
  // outcome of the step's: it ends unresolved, with what the job knew.
  async function settleFailed(connector: string, jobId: string): Promise<void> {
    const job = await bullmq.Job.fromId<JobState>(queueOf(connector), jobId);
    if (!job?.data?.key) return;
    const state = job.data;
    const outcome: UnresolvedOutcome = {
      key: state.key,
      connector: state.connector,
      paymentId: state.paymentId,
      requestId: state.requestId,
      steps: state.steps,
      enqueuedAt: state.enqueuedAt,
      finishedAt: Date.now(),
      status: 'unresolved',
      reason: 'stalled',
      ...(state.lastState ? { lastState: state.lastState } : {}),
      ...(state.lastError ? { lastError: state.lastError } : {}),
    };
    announce(await finish(outcome));
  }

  function listen(connector: string): void {
    if (closed || listeners.has(connector)) return;
    const events = new bullmq.QueueEvents(queueName(connector), { connection, prefix });
    events.on('error', () => undefined);
    events.on('completed', ({ returnvalue }) => {
      const outcome =
        typeof returnvalue === 'string' ? parse(returnvalue) : (returnvalue as unknown);
      if (outcome && typeof outcome === 'object' && 'key' in outcome)
        announce(outcome as CancelOutcome);
    });
    events.on('failed', ({ jobId }) => {
      settleFailed(connector, jobId).catch(() => undefined);
    });
    listeners.set(connector, events);
  }

  const ids = new Set<string>([
    ...(registry?.list().map((c) => c.id) ?? []),
    ...Object.keys(options.connectors ?? {}),
    ...(options.connectorIds ?? []),
  ]);
  for (const id of ids) policyOf(id);

  async function processJob(
    job: BullMQ.Job<JobState>,
    token: string | undefined,
  ): Promise<CancelOutcome> {
    const state = job.data;
    const field = paymentField(state.connector, state.paymentId);
    const [known, eventText] = (await run('paykitBegin', [
      keys.outcomes,
      keys.events,
      state.key,
      field,
    ])) as [string | false | null, string | false | null];
    if (known) return JSON.parse(known) as CancelOutcome;
    const policy = policyOf(state.connector);
    const result = await runStep(state, {
      registry: registry!,
      policy,
      now: Date.now,
      observed: eventText ? (JSON.parse(eventText) as ObservedEvent) : undefined,
      // attemptsStarted counts runs a dead worker began too.
      maybeSentBefore: state.steps > 0 || job.attemptsStarted > 1,
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    switch (result.type) {
      case 'done':
        return finish(result.outcome);
      case 'retry':
        await job.updateData(result.job);
        // BullMQ retries after its exponential backoff; the message is paykit's, redacted.
        throw new Error(`${result.error.code}: ${result.error.message}`);
      case 'wait':
        await job.updateData(result.job);
        await job.moveToDelayed(Date.now() + result.delayMs, token);
        throw new bullmq.DelayedError();
    }
  }

  const working: string[] = [];
  if (work && registry) {
    for (const connector of registry.list()) {
      const policy = policyOf(connector.id);
      const queue = queueOf(connector.id);
      await queue.setGlobalConcurrency(policy.concurrency);
      const limit = rateWindow(policy);
      if (limit) await queue.setGlobalRateLimit(limit.max, limit.duration);
      else await queue.removeGlobalRateLimit();
      const worker = new bullmq.Worker<JobState, CancelOutcome>(
        queueName(connector.id),
        processJob,
        {
          connection,
          prefix,
          concurrency: Math.min(policy.workerConcurrency ?? policy.concurrency, policy.concurrency),
          lockDuration: options.lockDurationMs ?? 30_000,
          stalledInterval: options.stalledIntervalMs ?? 30_000,
          maxStalledCount: options.maxStalledCount ?? 5,
          removeOnComplete: { count: options.keepCompleted ?? 1000 },
          removeOnFail: { count: 10_000 },
        },
      );
      worker.on('error', () => undefined);
      workers.push(worker);
      working.push(connector.id);
      listen(connector.id);
    }
    await Promise.all(workers.map((w) => w.waitUntilReady()));
  }
  for (const id of ids) listen(id);

  async function enqueueMany(inputs: readonly CancelJobInput[]): Promise<EnqueuedJob[]> {
    if (closed) {
      throw new PaykitError({ code: 'configuration_error', message: 'The queue is closed.' });
    }
    const now = Date.now();
    const states: JobState[] = [];
    for (const input of inputs) {
      const state = await newJobState(input, now);
      // With a registry, an unknown connector fails here rather than waiting for a worker.
      registry?.get(state.connector);
      policyOf(state.connector);
      states.push(state);
    }
    if (states.length === 0) return [];
    const pipeline = client.pipeline();
    for (const state of states) {
      pipeline.runCommand('paykitEnqueue', [
        keys.outcomes,
        keys.payments,
        state.key,
        paymentField(state.connector, state.paymentId),
      ]);
    }
    const answers = (await pipeline.exec()) ?? [];
    const byConnector = new Map<string, JobState[]>();
    const result: EnqueuedJob[] = states.map((state, i) => {
      const [error, seen] = answers[i] ?? [new Error('no answer'), undefined];
      if (error) throw error;
      if (seen !== 1) {
        const list = byConnector.get(state.connector) ?? [];
        list.push(state);
        byConnector.set(state.connector, list);
      }
      return {
        key: state.key,
        connector: state.connector,
        paymentId: state.paymentId,
        requestId: state.requestId,
        created: seen === 2,
      };
    });
    for (const [connector, list] of byConnector) {
      listen(connector);
      const policy = policyOf(connector);
      // A job id already present (waiting, running, delayed, kept) is not added again.
      await queueOf(connector).addBulk(
        list.map((state) => ({
          name: 'cancel',
          data: state,
          opts: {
            jobId: state.key,
            attempts: policy.attempts,
            backoff: { type: 'exponential', delay: policy.backoffMs, jitter: 0.3 },
            stackTraceLimit: 0,
          },
        })),
      );
    }
    return result;
  }

  return {
    backend: 'redis',
    working,
    queueName,
    async enqueue(input) {
      const [answer] = await enqueueMany([input]);
      return answer!;
    },
    enqueueMany,
    async observe(webhookEvent: WebhookEvent) {
      const event = observedEventOf(webhookEvent, Date.now());
      if (!event) return false;
      const key = await run('paykitObserve', [
        keys.payments,
        keys.events,
        paymentField(event.connector, event.paymentId),
        JSON.stringify(event),
      ]);
      if (typeof key !== 'string') return false;
      const job = await bullmq.Job.fromId(queueOf(event.connector), key);
      // A job waiting for its next check (or a retry) runs now.
      if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
      return true;
    },
    async outcome(key) {
      return parse(await client.hget(keys.outcomes, key));
    },
    async outcomes(list) {
      const found = new Map<string, CancelOutcome>();
      for (let i = 0; i < list.length; i += 1000) {
        const chunk = list.slice(i, i + 1000);
        if (chunk.length === 0) continue;
        const values = await client.hmget(keys.outcomes, ...chunk);
        chunk.forEach((key, j) => {
          const outcome = parse(values[j]);
          if (outcome) found.set(key, outcome);
        });
      }
      return found;
    },
    async waitFor(key, { timeoutMs = 60_000 } = {}) {
      const [connector] = key.split('.');
      if (connector) listen(connector);
      return new Promise<CancelOutcome>((resolve, reject) => {
        const set = waiters.get(key) ?? new Set();
        waiters.set(key, set);
        let poll: ReturnType<typeof setInterval> | undefined;
        const done = (outcome: CancelOutcome) => {
          clearTimeout(timer);
          clearInterval(poll);
          set.delete(done);
          resolve(outcome);
        };
        const timer = setTimeout(() => {
          clearInterval(poll);
          set.delete(done);
          reject(timeoutError(key, timeoutMs));
        }, timeoutMs);
        set.add(done);
        // Events cover what ends from now on; a look covers what ended before, or was missed.
        const look = () =>
          client
            .hget(keys.outcomes, key)
            .then((text) => {
              const outcome = parse(text);
              if (outcome) done(outcome);
            })
            .catch(() => undefined);
        look();
        poll = setInterval(look, 1000);
      });
    },
    async counts() {
      const counts: Record<string, ConnectorCounts> = {};
      const all = new Set([...ids, ...queues.keys()]);
      const done = await client.hgetall(keys.done);
      for (const id of Object.keys(done)) all.add(id);
      for (const id of all) {
        const c = await queueOf(id).getJobCounts('waiting', 'prioritized', 'active', 'delayed');
        counts[id] = {
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          done: Number(done[id] ?? 0),
        };
      }
      return counts;
    },
    onOutcome: (listener) => emitter.on(listener),
    async forget(list) {
      if (list.length > 0) await client.hdel(keys.outcomes, ...list);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(workers.map((w) => w.close()));
      await Promise.allSettled([...listeners.values()].map((l) => l.close()));
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      await closeClient().catch(() => undefined);
    },
  };
}

/** Keys of the queue's own records, for tools and tests. */
export function redisKeys(prefix = 'paykit', name = 'cancels') {
  return {
    outcomes: `${prefix}:${name}:outcomes`,
    events: `${prefix}:${name}:events`,
    payments: `${prefix}:${name}:payments`,
    done: `${prefix}:${name}:done`,
  };
}
