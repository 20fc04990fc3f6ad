import {
  type CancelPaymentResult,
  type Connector,
  PaykitError,
  type PaymentStatus,
  type PaymentStatusResult,
  type Registry,
  type WebhookEvent,
} from '@paykit/core';
import type { JobState } from './job.js';
import { type ConnectorPolicy, followDelay } from './policy.js';
import type {
  CancelledOutcome,
  CancelOutcome,
  ErrorSummary,
  RefusedOutcome,
  UnresolvedOutcome,
} from './types.js';

/** A webhook event as a queue keeps it until the job reads it: no raw body. */
export interface ObservedEvent {
  connector: string;
  paymentId: string;
  type: string;
  status: PaymentStatus;
  providerStatus: string;
  occurredAt?: string;
  /** Epoch ms when it was fed in. */
  at: number;
}

export function observedEventOf(event: WebhookEvent, now: number): ObservedEvent | undefined {
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.connector !== 'string' ||
    typeof event.paymentId !== 'string' ||
    typeof event.status !== 'string'
  ) {
    return undefined;
  }
  return {
    connector: event.connector,
    paymentId: event.paymentId,
    type: String(event.type),
    status: event.status,
    providerStatus: String(event.providerStatus),
    ...(typeof event.occurredAt === 'string' ? { occurredAt: event.occurredAt } : {}),
    at: now,
  };
}

export interface StepContext {
  registry: Registry;
  policy: ConnectorPolicy;
  now(): number;
  /** A webhook event fed in for this payment since the job's last step. */
  observed?: ObservedEvent | undefined;
  /**
   * An earlier step of this job may have reached the provider: a retry, or a run after a worker
   * died mid-step (the engine knows, e.g. BullMQ's attemptsStarted).
   */
  maybeSentBefore: boolean;
  /** The engine will not run this job again after a retryable error. */
  finalAttempt: boolean;
  signal?: AbortSignal;
}

/** What one step decided; the backend turns it into its engine's moves. */
export type StepResult =
  | { type: 'done'; outcome: CancelOutcome }
  /** A retryable error: run again with the same requestId after the engine's backoff. */
  | { type: 'retry'; job: JobState; error: ErrorSummary }
  /** Pending: check again after `delayMs` (or earlier, when a webhook event comes). */
  | { type: 'wait'; job: JobState; delayMs: number };

export function summarize(error: unknown): ErrorSummary {
  if (PaykitError.isInstance(error)) {
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.providerCode !== undefined ? { providerCode: error.providerCode } : {}),
      ...(error.providerMessage !== undefined ? { providerMessage: error.providerMessage } : {}),
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
    };
  }
  // Not paykit's: a bug in a connector or in the queue. Its message may not be redacted, so
  // only its name is kept.
  const name = error instanceof Error ? error.name : typeof error;
  return {
    code: 'internal_error',
    message: `The step failed with a ${name} that is not a PaykitError; see the worker's logs.`,
    retryable: true,
  };
}

function base(job: JobState, now: number) {
  return {
    key: job.key,
    connector: job.connector,
    paymentId: job.paymentId,
    requestId: job.requestId,
    steps: job.steps,
    enqueuedAt: job.enqueuedAt,
    finishedAt: now,
  };
}

function cancelled(
  job: JobState,
  now: number,
  found: Pick<CancelPaymentResult, 'providerStatus' | 'providerReference' | 'amount'>,
  confirmedBy: CancelledOutcome['confirmedBy'],
): CancelledOutcome {
  return {
    ...base(job, now),
    status: 'cancelled',
    providerStatus: found.providerStatus,
    ...(found.providerReference ? { providerReference: found.providerReference } : {}),
    ...(found.amount ? { amount: found.amount } : {}),
    confirmedBy,
  };
}

function refused(job: JobState, now: number, error: ErrorSummary): RefusedOutcome {
  return {
    ...base(job, now),
    status: 'refused',
    code: error.code,
    message: error.message,
    ...(error.providerCode !== undefined ? { providerCode: error.providerCode } : {}),
    ...(error.providerMessage !== undefined ? { providerMessage: error.providerMessage } : {}),
    ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
  };
}

function unresolved(
  job: JobState,
  now: number,
  reason: UnresolvedOutcome['reason'],
  lastError?: ErrorSummary,
): UnresolvedOutcome {
  return {
    ...base(job, now),
    status: 'unresolved',
    reason,
    ...(job.lastState ? { lastState: job.lastState } : {}),
    ...((lastError ?? job.lastError) ? { lastError: lastError ?? job.lastError } : {}),
  };
}

/** The refusal a status query's final state stands for. */
function notCancellable(job: JobState, found: PaymentStatusResult): ErrorSummary {
  return {
    code: 'not_cancellable',
    retryable: false,
    providerCode: found.providerStatus,
    message: `The status query shows payment "${job.paymentId}" ${found.providerStatus} (${found.status}): it was not cancelled.`,
  };
}

/** Whether the queue asks again after this error, with the same requestId. */
function retryable(error: ErrorSummary, policy: ConnectorPolicy): boolean {
  return error.retryable || (policy.retryAlso as readonly string[]).includes(error.code);
}

/**
 * One step of a job: the behaviour every backend shares. It reads the job's state, makes at
 * most one provider call (a cancel, the same cancel again, or a status query) through the
 * registry, and decides: an outcome, a retry, or a wait for the next follow-up check.
 */
export async function runStep(input: JobState, ctx: StepContext): Promise<StepResult> {
  const now = ctx.now();
  const { policy } = ctx;
  const job: JobState = {
    ...input,
    steps: input.steps + 1,
    startedAt: input.startedAt ?? now,
    deadlineAt: input.deadlineAt ?? now + policy.deadlineMs,
  };
  const deadlineAt = job.deadlineAt!;

  // A verified webhook saying the payment is cancelled ends the job: no call needed.
  if (ctx.observed?.status === 'cancelled') {
    return {
      type: 'done',
      outcome: cancelled({ ...job, steps: input.steps }, now, ctx.observed, 'webhook'),
    };
  }
  if (input.steps > 0 && now >= (input.followUntil ?? deadlineAt)) {
    return { type: 'done', outcome: unresolved({ ...job, steps: input.steps }, now, 'deadline') };
  }

  let connector: Connector;
  try {
    connector = ctx.registry.get(job.connector);
  } catch (error) {
    return {
      type: 'done',
      outcome: refused({ ...job, steps: input.steps }, now, summarize(error)),
    };
  }

  const wait = (next: JobState): StepResult => {
    const at = ctx.now();
    const until = next.followUntil ?? deadlineAt;
    if (at >= until) return { type: 'done', outcome: unresolved(next, at, 'deadline') };
    const delayMs = Math.min(followDelay(policy, next.follows), until - at);
    return { type: 'wait', job: next, delayMs: Math.max(1, delayMs) };
  };
  const failed = (next: JobState, error: ErrorSummary): StepResult => {
    const at = ctx.now();
    if (!retryable(error, policy)) return { type: 'done', outcome: refused(next, at, error) };
    const withError = { ...next, lastError: error };
    if (ctx.finalAttempt) return { type: 'done', outcome: unresolved(withError, at, 'retries') };
    if (at >= deadlineAt) return { type: 'done', outcome: unresolved(withError, at, 'deadline') };
    return { type: 'retry', job: withError, error };
  };
  const pending = (next: JobState, providerStatus: string, status: PaymentStatus): StepResult => {
    const { lastError: _, ...rest } = next;
    const at = ctx.now();
    return wait({
      ...rest,
      phase: 'follow',
      followUntil:
        next.followUntil ??
        Math.min(deadlineAt, at + (policy.followDeadlineMs ?? policy.deadlineMs)),
      lastState: { status, providerStatus, at },
    });
  };
  const input0 = {
    paymentId: job.paymentId,
    ...(job.providerOptions ? { providerOptions: job.providerOptions } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };

  // Reads a status query's answer: cancelled, still moving, or a final state other than cancelled.
  const settleByQuery = (next: JobState, found: PaymentStatusResult): StepResult => {
    if (found.status === 'cancelled')
      return { type: 'done', outcome: cancelled(next, ctx.now(), found, 'status-query') };
    if (policy.moving.includes(found.status))
      return pending(next, found.providerStatus, found.status);
    return { type: 'done', outcome: refused(next, ctx.now(), notCancellable(next, found)) };
  };

  const sendCancel = async (next: JobState): Promise<StepResult> => {
    let result: CancelPaymentResult;
    try {
      result = await connector.cancelPayment({ ...input0, requestId: job.requestId });
    } catch (error) {
      const summary = summarize(error);
      // A refusal that may echo this job's own earlier step (its answer lost, its worker
      // killed): the status query tells whether that step cancelled the payment.
      const canQuery =
        policy.follow === 'status-query' && typeof connector.getPayment === 'function';
      if (
        ctx.maybeSentBefore &&
        canQuery &&
        (policy.echoes as readonly string[]).includes(summary.code)
      ) {
        try {
          return settleByQuery(next, await connector.getPayment!(input0));
        } catch (queryError) {
          return failed(next, summarize(queryError));
        }
      }
      if (next.phase === 'follow' && retryable(summary, policy)) {
        // Following by repeating the cancel: a failed repeat is one more check, not a retry.
        return wait({ ...next, follows: next.follows + 1, lastError: summary });
      }
      return failed(next, summary);
    }
    if (result.status === 'cancelled')
      return { type: 'done', outcome: cancelled(next, ctx.now(), result, 'cancel') };
    return pending(next, result.providerStatus, 'pending');
  };

  if (job.phase === 'cancel') return sendCancel(job);

  // Following a pending cancel.
  const next = { ...job, follows: job.follows + 1 };
  switch (policy.follow) {
    case 'repeat-cancel':
      return sendCancel(next);
    case 'webhook': {
      // Nothing to ask: the deadline, or an event fed in, ends the wait.
      const event = ctx.observed;
      if (event && !policy.moving.includes(event.status)) {
        const found = { ...event, connector: job.connector, raw: undefined };
        return { type: 'done', outcome: refused(next, ctx.now(), notCancellable(next, found)) };
      }
      return wait(next);
    }
    case 'status-query': {
      if (typeof connector.getPayment !== 'function') return wait(next);
      let found: PaymentStatusResult;
      try {
        found = await connector.getPayment(input0);
      } catch (error) {
        const summary = summarize(error);
        if (retryable(summary, policy)) return wait({ ...next, lastError: summary });
        return { type: 'done', outcome: unresolved(next, ctx.now(), 'follow-failed', summary) };
      }
      const { lastError: _, ...clean } = next;
      return settleByQuery(clean, found);
    }
  }
}
