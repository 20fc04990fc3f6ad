export { jobIdentity } from './identity.js';
export { defaultRequestId, jobKey } from './job.js';
export { createCancelQueue, type MemoryCancelQueueOptions } from './memory-queue.js';
export {
  BUILT_IN_POLICIES,
  type ConnectorPolicy,
  type ConnectorPolicyOptions,
  DEFAULT_POLICY,
  type FollowMethod,
  type PolicyOptions,
  resolvePolicy,
} from './policy.js';
export type { ObservedEvent } from './step.js';
export {
  createMemoryTokenStore,
  createSharedTokenSource,
  type IssuedToken,
  openToken,
  type SharedTokenSource,
  type SharedTokenSourceOptions,
  sealToken,
  type TokenStore,
  type TokenStoreLock,
} from './token-store.js';
export type {
  CancelJobInput,
  CancelledOutcome,
  CancelOutcome,
  CancelQueue,
  ConnectorCounts,
  EnqueuedJob,
  ErrorSummary,
  ObservedState,
  OutcomeListener,
  RefusedOutcome,
  UnresolvedOutcome,
} from './types.js';
export { VERSION } from './version.js';
