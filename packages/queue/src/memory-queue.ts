import { PaykitError, type Registry, type WebhookEvent } from '@paykit/core';
import { type JobState, newJobState, paymentField } from './job.js';
import { type PolicyOptions, rateWindow, retryDelay } from './policy.js';
import { checkRegistry, createOutcomeEmitter, createPolicies, timeoutError } from './shared.js';
import { type ObservedEvent, observedEventOf, runStep } from './step.js';
import type {
  CancelJobInput,
  CancelOutcome,
  CancelQueue,
  ConnectorCounts,
  EnqueuedJob,
} from './types.js';

export interface MemoryCancelQueueOptions extends PolicyOptions {
  /** The connectors jobs run through. */
  registry: Registry;
  /**
   * Outcomes recorded before (a results file of an earlier run): their jobs are not run again.
   */
  outcomes?: Iterable<CancelOutcome>;
  /**
   * The jobs may have been started by an earlier process (a batch run again after a crash): a
   * refusal that may echo an earlier attempt ("already cancelled") is confirmed with the status
   * query on a job's first step too, as it is on a retry.
   */
  resumed?: boolean;
  /** Epoch ms; tests move it. Default Date.now. */
  now?: () => number;
}

interface MemoryJob {
  state: JobState;
  status: 'waiting' | 'active' | 'delayed';
  /** Failed steps so far (a retryable error each). */
  attemptsMade: number;
  timer?: ReturnType<typeof setTimeout>;
}

interface Lane {
  waiting: MemoryJob[];
  active: number;
  delayed: number;
  /** Start times of the last second's steps, for the rate limit. */
  starts: number[];
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * The in-process cancel queue: the default, with no infrastructure. Jobs, retries and follow-up
 * checks run in this process, under the same per-connector concurrency and rate limit as the
 * Redis backend, and end in the same outcomes. It does not survive the process: a restart
 * forgets jobs not yet ended (enqueue them again: the same requestId makes the same cancel).
 */
export function createCancelQueue(options: MemoryCancelQueueOptions): CancelQueue {
  checkRegistry(options.registry);
  const { registry } = options;
  const now = options.now ?? Date.now;
  const policyOf = createPolicies(registry, options);
  const emitter = createOutcomeEmitter();
  const outcomes = new Map<string, CancelOutcome>();
  for (const outcome of options.outcomes ?? []) outcomes.set(outcome.key, outcome);
  const jobs = new Map<string, MemoryJob>();
  const byPayment = new Map<string, string>();
  const observed = new Map<string, ObservedEvent>();
  const lanes = new Map<string, Lane>();
  const running = new Set<Promise<void>>();
  const waiters = new Map<string, Set<(outcome: CancelOutcome) => void>>();
  const doneByConnector = new Map<string, number>();
  let closed = false;

  const lane = (connector: string): Lane => {
    let found = lanes.get(connector);
    if (!found) {
      found = { waiting: [], active: 0, delayed: 0, starts: [] };
      lanes.set(connector, found);
    }
    return found;
  };

  function record(outcome: CancelOutcome): void {
    if (outcomes.has(outcome.key)) return;
    outcomes.set(outcome.key, outcome);
    doneByConnector.set(outcome.connector, (doneByConnector.get(outcome.connector) ?? 0) + 1);
    const field = paymentField(outcome.connector, outcome.paymentId);
    if (byPayment.get(field) === outcome.key) {
      byPayment.delete(field);
      observed.delete(field);
    }
    emitter.emit(outcome);
    for (const resolve of waiters.get(outcome.key) ?? []) resolve(outcome);
    waiters.delete(outcome.key);
  }

  function delay(job: MemoryJob, ms: number): void {
    const l = lane(job.state.connector);
    job.status = 'delayed';
    l.delayed += 1;
    job.timer = setTimeout(() => promote(job), ms);
  }

  function promote(job: MemoryJob): void {
    if (job.status !== 'delayed' || closed) return;
    clearTimeout(job.timer);
    job.timer = undefined;
    const l = lane(job.state.connector);
    l.delayed -= 1;
    job.status = 'waiting';
    l.waiting.push(job);
    pump(job.state.connector);
  }

  function pump(connector: string): void {
    if (closed) return;
    const l = lane(connector);
    const policy = policyOf(connector);
    while (l.waiting.length > 0 && l.active < policy.concurrency) {
      const rate = rateWindow(policy);
      if (rate) {
        const t = now();
        // A sliding window: at most `max` steps start in any `duration`.
        const { max, duration: windowMs } = rate;
        while (l.starts.length > 0 && l.starts[0]! <= t - windowMs) l.starts.shift();
        if (l.starts.length >= max) {
          if (!l.timer) {
            l.timer = setTimeout(
              () => {
                l.timer = undefined;
                pump(connector);
              },
              Math.max(1, l.starts[0]! + windowMs - t),
            );
          }
          return;
        }
        l.starts.push(t);
      }
      const job = l.waiting.shift()!;
      job.status = 'active';
      l.active += 1;
      const task = run(job).finally(() => {
        running.delete(task);
        l.active -= 1;
        pump(connector);
      });
      running.add(task);
    }
  }

  async function run(job: MemoryJob): Promise<void> {
    const { state } = job;
    const known = outcomes.get(state.key);
    if (known) {
      jobs.delete(state.key);
      return;
    }
    const policy = policyOf(state.connector);
    const field = paymentField(state.connector, state.paymentId);
    const event = observed.get(field);
    observed.delete(field);
    const result = await runStep(state, {
      registry,
      policy,
      now,
      observed: event,
      maybeSentBefore: state.steps > 0 || options.resumed === true,
      finalAttempt: job.attemptsMade + 1 >= policy.attempts,
    });
    switch (result.type) {
      case 'done':
        jobs.delete(state.key);
        record(result.outcome);
        return;
      case 'retry':
        job.state = result.job;
        job.attemptsMade += 1;
        if (!closed) delay(job, retryDelay(policy, job.attemptsMade));
        return;
      case 'wait':
        job.state = result.job;
        if (!closed) delay(job, result.delayMs);
        return;
    }
  }

  function assertOpen(): void {
    if (closed) {
      throw new PaykitError({ code: 'configuration_error', message: 'The queue is closed.' });
    }
  }

  async function enqueue(input: CancelJobInput): Promise<EnqueuedJob> {
    assertOpen();
    const state = await newJobState(input, now());
    // An unknown connector, or a bad setting, fails here rather than in a job.
    registry.get(state.connector);
    policyOf(state.connector);
    const answer = {
      key: state.key,
      connector: state.connector,
      paymentId: state.paymentId,
      requestId: state.requestId,
    };
    if (outcomes.has(state.key) || jobs.has(state.key)) return { ...answer, created: false };
    const job: MemoryJob = { state, status: 'waiting', attemptsMade: 0 };
    jobs.set(state.key, job);
    byPayment.set(paymentField(state.connector, state.paymentId), state.key);
    lane(state.connector).waiting.push(job);
    pump(state.connector);
    return { ...answer, created: true };
  }

  return {
    backend: 'memory',
    enqueue,
    async enqueueMany(inputs) {
      const answers: EnqueuedJob[] = [];
      for (const input of inputs) answers.push(await enqueue(input));
      return answers;
    },
    async observe(webhookEvent: WebhookEvent) {
      const event = observedEventOf(webhookEvent, now());
      if (!event) return false;
      const field = paymentField(event.connector, event.paymentId);
      const key = byPayment.get(field);
      const job = key ? jobs.get(key) : undefined;
      if (!job) return false;
      observed.set(field, event);
      if (job.status === 'delayed') promote(job);
      return true;
    },
    async outcome(key) {
      return outcomes.get(key);
    },
    async outcomes(keys) {
      const found = new Map<string, CancelOutcome>();
      for (const key of keys) {
        const outcome = outcomes.get(key);
        if (outcome) found.set(key, outcome);
      }
      return found;
    },
    waitFor(key, { timeoutMs = 60_000 } = {}) {
      const known = outcomes.get(key);
      if (known) return Promise.resolve(known);
      return new Promise<CancelOutcome>((resolve, reject) => {
        const set = waiters.get(key) ?? new Set();
        waiters.set(key, set);
        const timer = setTimeout(() => {
          set.delete(done);
          reject(timeoutError(key, timeoutMs));
        }, timeoutMs);
        const done = (outcome: CancelOutcome) => {
          clearTimeout(timer);
          resolve(outcome);
        };
        set.add(done);
      });
    },
    async counts() {
      const counts: Record<string, ConnectorCounts> = {};
      const ids = new Set([...lanes.keys(), ...doneByConnector.keys()]);
      for (const id of ids) {
        const l = lanes.get(id);
        counts[id] = {
          waiting: l?.waiting.length ?? 0,
          active: l?.active ?? 0,
          delayed: l?.delayed ?? 0,
          done: doneByConnector.get(id) ?? 0,
        };
      }
      return counts;
    },
    onOutcome: (listener) => emitter.on(listener),
    async forget(keys) {
      for (const key of keys) outcomes.delete(key);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const l of lanes.values()) clearTimeout(l.timer);
      for (const job of jobs.values()) clearTimeout(job.timer);
      await Promise.allSettled([...running]);
    },
  };
}
