import type {
  Money,
  PaykitErrorCode,
  PaymentStatus,
  ProviderOptions,
  WebhookEvent,
} from '@paykit/core';

/** A cancel to run as a job. */
export interface CancelJobInput {
  /** The registered connector id: 'liquido', 'payermax', 'yabandpay', a third party's. */
  connector: string;
  /** The payment as the provider knows it (Liquido idempotencyKey, PayerMax outTradeNo, YabandPay trade_id). */
  paymentId: string;
  /**
   * Identifies the cancel at the provider, the same on every retry and follow-up. When absent it
   * is derived from connector and paymentId (32 hex digits), so that enqueuing the same payment
   * twice, or again after a restart, is the same job.
   */
  requestId?: string;
  /** Passed to the connector as they are, on every call. Never put secrets here: they are stored. */
  providerOptions?: ProviderOptions;
}

/** What `enqueue` answers. */
export interface EnqueuedJob {
  /** The job's identity: connector, paymentId and requestId, hashed. */
  key: string;
  connector: string;
  paymentId: string;
  requestId: string;
  /** False when the same job was enqueued before (it runs once). */
  created: boolean;
}

/** An error as an outcome or a job keeps it: paykit's redacted fields only. */
export interface ErrorSummary {
  code: PaykitErrorCode | 'internal_error';
  message: string;
  retryable: boolean;
  providerCode?: string;
  providerMessage?: string;
  httpStatus?: number;
}

/** The last state the provider reported for a job's payment. */
export interface ObservedState {
  /** 'pending' while a cancel is under way; the status query's status when it was asked. */
  status: PaymentStatus;
  providerStatus: string;
  /** Epoch ms. */
  at: number;
}

interface OutcomeBase {
  key: string;
  connector: string;
  paymentId: string;
  requestId: string;
  /** Provider steps the job ran: cancels, retries and follow-up checks. */
  steps: number;
  /** Epoch ms. */
  enqueuedAt: number;
  /** Epoch ms. */
  finishedAt: number;
}

/** The provider accepted the cancel, proven by its answer, its status query or its webhook. */
export interface CancelledOutcome extends OutcomeBase {
  status: 'cancelled';
  providerStatus: string;
  providerReference?: string;
  amount?: Money;
  /** What proved it: the cancel's answer, the status query, or a verified webhook event. */
  confirmedBy: 'cancel' | 'status-query' | 'webhook';
}

/** The provider refused the cancel (or reported it failed): it did not happen. */
export interface RefusedOutcome extends OutcomeBase {
  status: 'refused';
  code: PaykitErrorCode | 'internal_error';
  message: string;
  providerCode?: string;
  providerMessage?: string;
  httpStatus?: number;
}

/** Nobody knows yet: the deadline passed, retries ran out, or the follow-up could not ask. */
export interface UnresolvedOutcome extends OutcomeBase {
  status: 'unresolved';
  reason: 'deadline' | 'retries' | 'follow-failed' | 'stalled';
  /** The provider's last word on the payment, when there was one. */
  lastState?: ObservedState;
  /** The last error, when the last step failed. */
  lastError?: ErrorSummary;
}

/** Every job ends in exactly one of these. */
export type CancelOutcome = CancelledOutcome | RefusedOutcome | UnresolvedOutcome;

/** Jobs of one connector, by state. */
export interface ConnectorCounts {
  /** Waiting to run (or for a rate-limit slot). */
  waiting: number;
  active: number;
  /** Waiting for a retry's backoff or the next follow-up check. */
  delayed: number;
  /** Ended with an outcome. */
  done: number;
}

export type OutcomeListener = (outcome: CancelOutcome) => void;

/** A durable cancel queue. `createCancelQueue` (in-process) and `createRedisCancelQueue` (BullMQ) make one. */
export interface CancelQueue {
  readonly backend: 'memory' | 'redis';
  /** Adds a cancel; the same connector, paymentId and requestId run once. */
  enqueue(input: CancelJobInput): Promise<EnqueuedJob>;
  enqueueMany(inputs: readonly CancelJobInput[]): Promise<EnqueuedJob[]>;
  /**
   * Feeds in a webhook event, verified by the connector's `verifyWebhook`. A job of that payment
   * that waits for a follow-up check runs it now; an event that says `cancelled` ends it
   * `cancelled` at once. Resolves whether a job of that payment was found.
   */
  observe(event: WebhookEvent): Promise<boolean>;
  /** The recorded outcome of a job, by key. */
  outcome(key: string): Promise<CancelOutcome | undefined>;
  /** The recorded outcomes of the jobs given, by key (keys without an outcome are left out). */
  outcomes(keys: readonly string[]): Promise<Map<string, CancelOutcome>>;
  /** Resolves with the job's outcome once it is recorded; rejects after `timeoutMs`. */
  waitFor(key: string, options?: { timeoutMs?: number }): Promise<CancelOutcome>;
  /** Jobs by connector and state. */
  counts(): Promise<Record<string, ConnectorCounts>>;
  /** Called with every outcome recorded from now on (by any worker of the queue). Returns an unsubscribe. */
  onOutcome(listener: OutcomeListener): () => void;
  /** Forgets recorded outcomes (the same job may then run again). */
  forget(keys: readonly string[]): Promise<void>;
  /** Stops taking jobs, lets running steps finish, and closes. */
  close(): Promise<void>;
}
