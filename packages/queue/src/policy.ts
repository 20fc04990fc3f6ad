import type { Connector, PaykitErrorCode, PaymentStatus } from '@paykit/core';
import { PaykitError } from '@paykit/core';

/**
 * How a job follows a `pending` cancel to its end.
 * - `status-query`: asks the connector's `getPayment` until it shows `cancelled` or a final state.
 * - `repeat-cancel`: sends the same cancel again with the same requestId; for providers whose
 *   cancel is idempotent on the request id and whose status query cannot show a cancel (PayerMax).
 * - `webhook`: asks nothing; waits for an event fed in with `queue.observe(event)`.
 */
export type FollowMethod = 'status-query' | 'repeat-cancel' | 'webhook';

/** What a queue does for one connector. Every field has a default; see `resolvePolicy`. */
export interface ConnectorPolicy {
  /** Jobs of this connector running at once, across every worker of the queue. Default 8. */
  concurrency: number;
  /**
   * Jobs of this connector one worker process runs at once (Redis backend); at most
   * `concurrency` run at once in all. Default: `concurrency`.
   */
  workerConcurrency?: number;
  /**
   * Provider steps (a cancel, a retry, a follow-up check) started per second, across every
   * worker of the queue. Default: no limit.
   */
  ratePerSecond?: number;
  /** Default: `status-query` when the connector has `getPayment`, else `webhook`. */
  follow: FollowMethod;
  /** Statuses of the status query (or a webhook) that still lead to the cancel. */
  moving: readonly PaymentStatus[];
  /**
   * Refusals that, answering a job whose earlier step may have reached the provider (a retry, a
   * run after a crash), may be the echo of that step: confirmed with the status query.
   */
  echoes: readonly PaykitErrorCode[];
  /** Errors retried with the same requestId although the connector does not mark them retryable. */
  retryAlso: readonly PaykitErrorCode[];
  /** Steps a retryable error may take in all (the first included). Default 8. */
  attempts: number;
  /** The first retry's backoff; it doubles each time (with jitter). Default 1000 ms. */
  backoffMs: number;
  /** The first follow-up check's delay; it doubles each time (with jitter). Default 1000 ms. */
  followDelayMs: number;
  /** The longest delay between two follow-up checks. Default 60 s. */
  followMaxDelayMs: number;
  /** From the job's first step: past it, a job still pending or failing ends `unresolved`. Default 15 min. */
  deadlineMs: number;
  /**
   * From the first `pending`: how long a cancel may stay under way before the job ends
   * `unresolved` (within `deadlineMs`). Default: `deadlineMs`.
   */
  followDeadlineMs?: number;
}

export type ConnectorPolicyOptions = Partial<ConnectorPolicy>;

/** The part every connector starts from. */
export const DEFAULT_POLICY: Omit<ConnectorPolicy, 'follow'> = {
  concurrency: 8,
  moving: ['pending', 'authorized'],
  echoes: ['already_cancelled', 'duplicate_request'],
  retryAlso: [],
  attempts: 8,
  backoffMs: 1000,
  followDelayMs: 1000,
  followMaxDelayMs: 60_000,
  deadlineMs: 15 * 60_000,
};

/**
 * What the built-in connectors need beyond the defaults, as data: PayerMax's order query cannot
 * show a cancel, and its cancel answers the same requestId with the cancel as it stands, so it
 * is followed by repeating the cancel, and an unreadable or unsigned answer is safe to ask again.
 * A YabandPay terminal still reversing reads paid (`succeeded`) until the reversal is done.
 */
export const BUILT_IN_POLICIES: Readonly<Record<string, ConnectorPolicyOptions>> = {
  payermax: { follow: 'repeat-cancel', retryAlso: ['invalid_response', 'signature_invalid'] },
  // Paid (`00`) after a reversal was sent is a terminal still reversing, which takes seconds; a
  // payment that stays paid for two minutes is not being reversed (a lost refusal, say).
  yabandpay: { moving: ['pending', 'authorized', 'succeeded'], followDeadlineMs: 120_000 },
};

export interface PolicyOptions {
  /** Applied to every connector, under the built-in entries and `connectors`. */
  defaults?: ConnectorPolicyOptions;
  /** Per connector id, over everything else. */
  connectors?: Readonly<Record<string, ConnectorPolicyOptions>>;
}

const FOLLOW_METHODS: readonly FollowMethod[] = ['status-query', 'repeat-cancel', 'webhook'];

function positive(name: string, value: unknown, connector: string, integer = true): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    throw new PaykitError({
      code: 'configuration_error',
      connector,
      message: `Queue setting ${name} for "${connector}" must be a positive ${integer ? 'integer' : 'number'}.`,
    });
  }
}

/**
 * The policy of one connector: the defaults, then `options.defaults`, then the built-in entry
 * for its id, then `options.connectors[id]`. Own properties only.
 */
export function resolvePolicy(
  id: string,
  connector: Pick<Connector, 'getPayment'> | undefined,
  options: PolicyOptions = {},
): ConnectorPolicy {
  const own = (value: Readonly<Record<string, ConnectorPolicyOptions>> | undefined) =>
    value && Object.hasOwn(value, id) ? value[id] : undefined;
  const merged: ConnectorPolicy = {
    ...DEFAULT_POLICY,
    follow: typeof connector?.getPayment === 'function' ? 'status-query' : 'webhook',
    ...stripUndefined(options.defaults),
    ...stripUndefined(own(BUILT_IN_POLICIES)),
    ...stripUndefined(own(options.connectors)),
  };
  positive('concurrency', merged.concurrency, id);
  if (merged.workerConcurrency !== undefined)
    positive('workerConcurrency', merged.workerConcurrency, id);
  if (merged.ratePerSecond !== undefined)
    positive('ratePerSecond', merged.ratePerSecond, id, false);
  positive('attempts', merged.attempts, id);
  positive('backoffMs', merged.backoffMs, id, false);
  positive('followDelayMs', merged.followDelayMs, id, false);
  positive('followMaxDelayMs', merged.followMaxDelayMs, id, false);
  positive('deadlineMs', merged.deadlineMs, id, false);
  if (merged.followDeadlineMs !== undefined)
    positive('followDeadlineMs', merged.followDeadlineMs, id, false);
  if (!FOLLOW_METHODS.includes(merged.follow)) {
    throw new PaykitError({
      code: 'configuration_error',
      connector: id,
      message: `Queue setting follow for "${id}" must be one of ${FOLLOW_METHODS.join(', ')}.`,
    });
  }
  if (merged.follow === 'status-query' && connector && typeof connector.getPayment !== 'function') {
    throw new PaykitError({
      code: 'configuration_error',
      connector: id,
      message: `Connector "${id}" has no getPayment: it cannot be followed with its status query; use follow "repeat-cancel" or "webhook".`,
    });
  }
  return merged;
}

function stripUndefined(value: ConnectorPolicyOptions | undefined): ConnectorPolicyOptions {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as ConnectorPolicyOptions;
}

/** The delay before follow-up check number `n` (0 first), with ±20% jitter. */
export function followDelay(policy: ConnectorPolicy, n: number, random = Math.random): number {
  const base = Math.min(policy.followMaxDelayMs, policy.followDelayMs * 2 ** Math.min(n, 30));
  return Math.max(1, Math.round(base * (0.8 + 0.4 * random())));
}

/** The delay before retry number `n` (1 first): exponential, with up to 30% jitter taken off. */
export function retryDelay(policy: ConnectorPolicy, n: number, random = Math.random): number {
  const base = policy.backoffMs * 2 ** Math.min(Math.max(n - 1, 0), 30);
  return Math.max(1, Math.round(base * (1 - 0.3 * random())));
}

/**
 * A rate as a whole number of steps per window: 40/s is 40 per 1 s, 2.5/s is 5 per 2 s, 0.2/s is
 * 1 per 5 s. BullMQ's limiter takes it so; the in-process queue uses the same.
 */
export function rateWindow(policy: ConnectorPolicy): { max: number; duration: number } | undefined {
  const rate = policy.ratePerSecond;
  if (rate === undefined) return undefined;
  if (rate >= 1) {
    for (const duration of [1000, 2000, 4000, 5000, 10_000]) {
      const max = (rate * duration) / 1000;
      if (Number.isInteger(max)) return { max, duration };
    }
    return { max: Math.round(rate), duration: 1000 };
  }
  return { max: 1, duration: Math.round(1000 / rate) };
}
