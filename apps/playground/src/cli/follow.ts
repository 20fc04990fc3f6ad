import { setTimeout as sleep } from 'node:timers/promises';
import { PaykitError } from '@paykit/core';
import { type FollowMethod, resolvePolicy } from '@paykit/queue';
import { type ErrorView, errorView } from '../shared/outcome.js';
import type { Playground } from '../shared/playground.js';

/** One look at a pending cancel: what the provider said, or the error asking it. */
export interface FollowCheck {
  atMs: number;
  status?: string;
  providerStatus?: string;
  error?: ErrorView;
}

export interface FollowResult {
  method: FollowMethod;
  /** `cancelled`; `refused`: a final state that is not a cancel, or a refusal; `pending`: the bound passed. */
  status: 'cancelled' | 'refused' | 'pending';
  providerStatus?: string;
  error?: ErrorView;
  checks: FollowCheck[];
  durationMs: number;
}

export interface FollowRequest {
  connector: string;
  paymentId: string;
  requestId: string;
  options: Record<string, string>;
  waitMs: number;
  onCheck?: (check: FollowCheck, method: FollowMethod) => void;
}

/**
 * Follows a pending cancel the way @paykit/queue does (its per-connector policy): the status
 * query until it shows the cancel or another final state, or, for PayerMax, whose query cannot
 * show a cancel, the same cancel again with the same requestId. Until `waitMs` passes.
 */
export async function followPending(
  playground: Playground,
  request: FollowRequest,
): Promise<FollowResult> {
  const { connector } = playground.get(request.connector);
  const policy = resolvePolicy(request.connector, connector);
  const started = Date.now();
  const checks: FollowCheck[] = [];
  const done = (result: Omit<FollowResult, 'method' | 'checks' | 'durationMs'>): FollowResult => ({
    method: policy.follow,
    checks,
    durationMs: Date.now() - started,
    ...result,
  });
  if (policy.follow === 'webhook') return done({ status: 'pending' });
  const record = (check: Omit<FollowCheck, 'atMs'>) => {
    const full = { atMs: Date.now() - started, ...check };
    checks.push(full);
    request.onCheck?.(full, policy.follow);
    return full;
  };

  // The demo simulators settle in seconds: check often at first, then back off.
  for (let n = 0; ; n++) {
    const left = request.waitMs - (Date.now() - started);
    if (left <= 0) return done({ status: 'pending' });
    await sleep(Math.min(500 * 2 ** n, 4000, left));

    if (policy.follow === 'repeat-cancel') {
      const outcome = await playground.cancel(request.connector, {
        paymentId: request.paymentId,
        requestId: request.requestId,
        options: request.options,
      });
      if (!outcome.ok) {
        record({ error: outcome.error });
        if (outcome.error.retryable || policy.retryAlso.includes(outcome.error.code as never))
          continue;
        return done({ status: 'refused', error: outcome.error });
      }
      const { status, providerStatus } = outcome.result;
      record({ status, providerStatus });
      if (status === 'cancelled') return done({ status, providerStatus });
      continue;
    }

    try {
      const found = await connector.getPayment!({ paymentId: request.paymentId });
      record({ status: found.status, providerStatus: found.providerStatus });
      if (found.status === 'cancelled')
        return done({ status: 'cancelled', providerStatus: found.providerStatus });
      if (!policy.moving.includes(found.status))
        return done({ status: 'refused', providerStatus: found.providerStatus });
    } catch (error) {
      const view = errorView(error, playground.redactor);
      record({ error: view });
      if (!(PaykitError.isInstance(error) && error.retryable))
        return done({ status: 'refused', error: view });
    }
  }
}
