import { resolvePolicy } from '@paykit/queue';
import { errorView } from '../shared/outcome.js';
import type { Playground } from '../shared/playground.js';
import type { FollowBody } from './api-schemas.js';

/**
 * One re-check of a pending cancel, the way @paykit/queue follows one for this connector: the
 * status query where it shows a cancel, or (PayerMax, whose order query cannot) the same cancel
 * again with the same requestId, which the provider answers with the cancel as it stands.
 */
export async function followOnce(playground: Playground, id: string, body: FollowBody) {
  const entry = playground.get(id);
  const policy = resolvePolicy(id, entry.connector);
  if (policy.follow === 'repeat-cancel') {
    const outcome = await playground.cancel(id, {
      paymentId: body.paymentId,
      requestId: body.requestId,
      options: body.options,
    });
    const settled = !outcome.ok || outcome.result.status !== 'pending';
    return { method: policy.follow, settled, outcome };
  }
  if (policy.follow === 'status-query' && entry.connector.getPayment) {
    try {
      const found = await entry.connector.getPayment({ paymentId: body.paymentId });
      const moving = (policy.moving as readonly string[]).includes(found.status);
      return {
        method: policy.follow,
        settled: !moving,
        state: { status: found.status, providerStatus: found.providerStatus },
      };
    } catch (error) {
      return { method: policy.follow, settled: true, error: errorView(error, playground.redactor) };
    }
  }
  // Nothing to ask: only the provider's webhook would say.
  return { method: 'webhook' as const, settled: false };
}
