import type { LiquidoSimulator } from '@paykit/connector-liquido/testing';
import type { PaykitErrorCode } from '@paykit/core';
import { CONNECTORS, type ConnectorName, type Harness } from './harness.js';

export type Outcome =
  | { result: 'success' }
  | { result: 'error'; code: PaykitErrorCode; retryable: boolean };

/**
 * Outcomes where providers differ: the connectors named, and `others` for every other one (a
 * connector the generator adds, with a status query and a request id on the wire, as the
 * template's): a new connector runs every case with no edit here.
 */
export type PerConnector = { readonly others: Outcome } & {
  readonly [name: ConnectorName]: Outcome;
};

export interface FaultCase {
  id: string;
  /** What the provider (the simulator) does, for the table. */
  fault: string;
  /** Only this connector (a provider-specific fault); all when absent. */
  only?: ConnectorName;
  settings: { maxRetries: number; timeoutMs: number };
  /** Needs the fault proxy between connector and simulator (faults in mid-body). */
  proxy?: boolean;
  /** Injects the fault into the simulator, after a warm-up cancel and before the cancel under test. */
  arrange(harness: Harness): void;
  /** The same for every connector, or per connector where providers differ. */
  outcome: Outcome | PerConnector;
  /**
   * Then the merchant calls again with the same requestId, as an answer it did not get asks it
   * to: what that second call ends in.
   */
  merchantRetry?: Outcome | PerConnector;
  /** Cancel requests the simulator receives, both calls (token and status requests not counted). */
  attempts: number;
  /** Whether the simulator cancelled the payment in the end. */
  provider: 'cancelled' | 'open';
  /** The call must take at least this long (a wait that must be honoured). */
  minMs?: number;
  /** The call must finish within this. */
  budgetMs: number;
  /** Why this is the right outcome, for the table. */
  why: string;
}

// Timeouts and budgets are generous, so that a loaded machine keeps every verdict: a budget
// proves a bound (a hang is cut by the timeout long before the provider would answer, a wait is
// not the 10 s maximum), not a speed; the attempts and codes are the exact part.
const RETRYING = { maxRetries: 3, timeoutMs: 5_000 };
const TIMING_OUT = { maxRetries: 3, timeoutMs: 2_000 };
const success: Outcome = { result: 'success' };
const error = (code: PaykitErrorCode, retryable: boolean): Outcome => ({
  result: 'error',
  code,
  retryable,
});

/** The fault matrix: every case runs against every connector it applies to, over loopback HTTP. */
export const FAULT_CASES: readonly FaultCase[] = [
  {
    id: '5xx-then-success',
    fault: '500, then 502, then 503, then the normal answer',
    settings: RETRYING,
    arrange: (h) => {
      for (const status of [500, 502, 503]) h.sim.faults.inject({ type: 'status', status });
    },
    outcome: success,
    attempts: 4,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'retried with backoff and jitter, the identical request each time',
  },
  {
    id: '503-every-time',
    fault: '503 on every attempt',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'status', status: 503 }, 4),
    outcome: error('provider_unavailable', true),
    attempts: 4,
    provider: 'open',
    budgetMs: 15_000,
    why: 'maxRetries (3) spent; the provider did not act, the caller may retry later',
  },
  {
    id: '429-retry-after',
    fault: '429 with `Retry-After: 1`, then the normal answer',
    settings: RETRYING,
    arrange: (h) =>
      h.sim.faults.inject({ type: 'status', status: 429, headers: { 'retry-after': '1' } }),
    outcome: success,
    attempts: 2,
    provider: 'cancelled',
    minMs: 950,
    budgetMs: 9_000,
    why: 'waits the second the provider asked for (at most 10 s), then retries',
  },
  {
    id: '429-every-time',
    fault: '429 with `Retry-After: 0` on every attempt',
    settings: RETRYING,
    arrange: (h) =>
      h.sim.faults.inject({ type: 'status', status: 429, headers: { 'retry-after': '0' } }, 4),
    outcome: error('rate_limited', true),
    attempts: 4,
    provider: 'open',
    budgetMs: 15_000,
    why: 'maxRetries spent; rate_limited tells the caller to slow down',
  },
  {
    id: 'hang',
    fault: 'holds the request for 60 s (timeoutMs 2000)',
    settings: TIMING_OUT,
    arrange: (h) => h.sim.faults.inject({ type: 'delay', ms: 60_000 }, 4),
    outcome: error('timeout', true),
    attempts: 1,
    provider: 'open',
    minMs: 1_990,
    budgetMs: 30_000,
    why: 'not retried by paykit: the provider may still be working on it; the caller may retry with the same requestId',
  },
  {
    id: 'late-answer-then-retry',
    fault:
      'cancels at once but answers after 60 s (timeoutMs 2000); the merchant then asks again with the same requestId',
    settings: TIMING_OUT,
    arrange: (h) => h.sim.faults.inject({ type: 'late', ms: 60_000 }),
    outcome: error('timeout', true),
    merchantRetry: { liquido: error('already_cancelled', false), others: success },
    attempts: 2,
    provider: 'cancelled',
    minMs: 1_990,
    budgetMs: 30_000,
    why: 'the retry learns what the lost answer said: PayerMax answers the same requestId again; YabandPay answers -3002, confirmed with v3.QueryOrder; Liquido has no request id on the wire, so it can only say the payment is cancelled already',
  },
  {
    id: 'slow-within-timeout',
    fault: 'answers after 150 ms (timeoutMs 5000)',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'delay', ms: 150 }),
    outcome: success,
    attempts: 1,
    provider: 'cancelled',
    minMs: 140,
    budgetMs: 15_000,
    why: 'a slow answer inside the timeout is an answer',
  },
  {
    id: 'reset-then-success',
    fault: 'drops the connection without an answer, then the normal answer',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'reset' }),
    outcome: success,
    attempts: 2,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'a connection error is retried, the identical request',
  },
  {
    id: 'reset-every-time',
    fault: 'drops the connection on every attempt',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'reset' }, 4),
    outcome: error('network_error', true),
    attempts: 4,
    provider: 'open',
    budgetMs: 15_000,
    why: 'maxRetries spent',
  },
  {
    id: 'body-stalls',
    fault: 'cancels, sends the headers and half the body, then nothing (timeoutMs 2000)',
    settings: TIMING_OUT,
    proxy: true,
    arrange: (h) => h.proxy!.inject('stall-body'),
    outcome: error('timeout', true),
    attempts: 1,
    provider: 'cancelled',
    minMs: 1_990,
    budgetMs: 30_000,
    why: 'the timeout covers the body too; a timeout does not mean nothing happened: the provider cancelled',
  },
  {
    id: 'body-cut-after-cancel',
    fault: 'cancels, sends the headers and half the body, drops the connection; answers the retry',
    settings: RETRYING,
    proxy: true,
    arrange: (h) => h.proxy!.inject('cut-body'),
    outcome: success,
    attempts: 2,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'retried like a dropped connection; the retry meets a cancel that already happened: PayerMax answers it again, YabandPay says -3002 and Liquido "already cancelled", and paykit confirms both with the status query (v3.QueryOrder, GET /charges) before resolving `cancelled`',
  },
  {
    id: 'truncated-body',
    fault: 'cancels, then answers 200 with the first half of its JSON',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'truncated' }),
    outcome: { payermax: error('invalid_response', false), others: success },
    attempts: 1,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'never guessed: the status query shows the cancel happened, so it resolves `cancelled`; PayerMax has no query that shows a cancel, so the unreadable answer stands (its CANCEL notification, or a repeat with the same requestId, tells)',
  },
  {
    id: 'html-200',
    fault: '200 with an HTML error page (`text/html`)',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'html' }),
    outcome: {
      payermax: error('invalid_response', false),
      others: error('invalid_response', true),
    },
    attempts: 1,
    provider: 'open',
    budgetMs: 15_000,
    why: 'a 200 is not success unless the body is the provider’s answer; where the status query shows the payment not cancelled, asking again is safe, so it is retryable',
  },
  {
    id: 'malformed-json-200',
    fault: '200 with broken JSON labelled `application/json`',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'malformed' }),
    outcome: {
      payermax: error('invalid_response', false),
      others: error('invalid_response', true),
    },
    attempts: 1,
    provider: 'open',
    budgetMs: 15_000,
    why: 'the label does not make it JSON',
  },
  {
    id: 'json-as-text-plain',
    fault: 'cancels, answers its normal JSON labelled `text/plain`',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'content-type', contentType: 'text/plain' }),
    outcome: success,
    attempts: 1,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'the body decides, not its label (see "Wrong content type")',
  },
  {
    id: 'json-as-text-html',
    fault: 'cancels, answers its normal JSON labelled `text/html; charset=utf-8`',
    settings: RETRYING,
    arrange: (h) =>
      h.sim.faults.inject({ type: 'content-type', contentType: 'text/html; charset=utf-8' }),
    outcome: success,
    attempts: 1,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'as above',
  },
  {
    id: 'unsigned-answer',
    only: 'payermax',
    fault: 'cancels, answers APPLY_SUCCESS without its `sign` header',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'custom', name: 'unsigned' }),
    outcome: error('signature_invalid', false),
    attempts: 1,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'an unsigned success cannot be trusted; never retried (the request was accepted)',
  },
  {
    id: 'wrongly-signed-answer',
    only: 'payermax',
    fault: 'cancels, answers APPLY_SUCCESS signed over other bytes',
    settings: RETRYING,
    arrange: (h) => h.sim.faults.inject({ type: 'custom', name: 'wrong-signature' }),
    outcome: error('signature_invalid', false),
    attempts: 1,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'as above',
  },
  {
    id: 'token-expired',
    only: 'liquido',
    fault: 'every access token issued so far expires between two cancels',
    settings: RETRYING,
    arrange: (h) => (h.sim as LiquidoSimulator).expireTokens(),
    outcome: success,
    attempts: 2,
    provider: 'cancelled',
    budgetMs: 15_000,
    why: 'the 401 costs one new token and one resend; a second 401 would be authentication_failed',
  },
];

/** What the case must end in for this connector: its own outcome, or the case's `others`. */
export function outcomeFor(c: FaultCase, name: ConnectorName): Outcome {
  if ('result' in c.outcome) return c.outcome as Outcome;
  const outcomes = c.outcome as PerConnector;
  return Object.hasOwn(outcomes, name) ? outcomes[name]! : outcomes.others;
}

export const casesFor = (name: ConnectorName) =>
  FAULT_CASES.filter((c) => c.only === undefined || c.only === name);

/** Every run of the fault matrix, `connector:case`: each connector of the manifest × its cases. */
export function matrixRuns(connectors: readonly ConnectorName[] = CONNECTORS): string[] {
  return connectors.flatMap((name) => casesFor(name).map((c) => `${name}:${c.id}`));
}
