import { PaykitError } from '../errors/index.js';
import { AttemptTimeout } from './deadline.js';
import { isDeterministicFetchError } from './http-errors.js';
import { parseRetryAfter } from './retry-after.js';

/** The statuses worth asking again: the provider is busy or failed, it did not refuse. */
export const RETRY_STATUSES: readonly number[] = [429, 500, 502, 503, 504];
const MAX_BACKOFF_MS = 10_000;

/** What one attempt ended in, when it was not an answer to hand back. */
export type AttemptFailure =
  | { kind: 'status'; status: number; headers: Headers; text: string }
  | { kind: 'thrown'; error: unknown };

/** What one call knows across its attempts: how much of its wait budget is left. */
export interface RetryBudget {
  waitLeftMs: number;
  /** Set when the provider asked for a longer wait than was left: the call ends at once. */
  refusedWait?: { waitMs: number; leftMs: number };
}

export interface RetryPolicy {
  maxRetries: number;
  /** The first retry's delay before jitter; doubles each retry. */
  baseDelayMs: number;
}

/**
 * How long to wait before retry number `retry` (1 for the first), or undefined when the failure
 * is final: a PaykitError raised in the attempt, a timeout (the provider may have acted; the
 * caller decides), the runtime refusing the request, an answer that is not busy or failed, the
 * retries spent, or a `Retry-After` longer than the call's budget left. A `Retry-After` the call
 * can afford is waited exactly; none, or one that cannot be read, takes the jittered backoff.
 */
export function retryDelay(
  failure: AttemptFailure,
  retry: number,
  policy: RetryPolicy,
  budget: RetryBudget,
): number | undefined {
  if (retry > policy.maxRetries) return undefined;
  if (failure.kind === 'thrown') {
    const { error } = failure;
    if (PaykitError.isInstance(error) || error instanceof AttemptTimeout) return undefined;
    if (isDeterministicFetchError(error)) return undefined;
    return backoff(retry, policy.baseDelayMs);
  }
  if (!RETRY_STATUSES.includes(failure.status)) return undefined;
  if (failure.status === 429 || failure.status === 503) {
    const waitMs = parseRetryAfter(failure.headers.get('retry-after'));
    if (waitMs !== undefined) {
      if (waitMs > budget.waitLeftMs) {
        budget.refusedWait = { waitMs, leftMs: budget.waitLeftMs };
        return undefined;
      }
      budget.waitLeftMs -= waitMs;
      return waitMs;
    }
  }
  return backoff(retry, policy.baseDelayMs);
}

/** Exponential backoff with jitter (half to all of the step), capped at 10 s. */
function backoff(retry: number, baseDelayMs: number): number {
  const step = baseDelayMs * 2 ** (retry - 1);
  return Math.min(MAX_BACKOFF_MS, step * (0.5 + Math.random() * 0.5));
}
