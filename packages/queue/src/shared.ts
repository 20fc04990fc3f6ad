import { PaykitError, type Registry } from '@paykit/core';
import { type ConnectorPolicy, type PolicyOptions, resolvePolicy } from './policy.js';
import type { CancelOutcome, OutcomeListener } from './types.js';

/** Listeners of outcomes; a throwing listener never stops the queue. */
export function createOutcomeEmitter() {
  const listeners = new Set<OutcomeListener>();
  return {
    on(listener: OutcomeListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(outcome: CancelOutcome): void {
      for (const listener of [...listeners]) {
        try {
          listener(outcome);
        } catch {
          // A listener's failure is its own.
        }
      }
    },
    get size() {
      return listeners.size;
    },
  };
}

/** Policies resolved once per connector id. */
export function createPolicies(registry: Registry | undefined, options: PolicyOptions) {
  const cache = new Map<string, ConnectorPolicy>();
  return (id: string): ConnectorPolicy => {
    let policy = cache.get(id);
    if (!policy) {
      const connector = registry?.has(id) ? registry.get(id) : undefined;
      policy = resolvePolicy(id, connector, options);
      cache.set(id, policy);
    }
    return policy;
  };
}

export function timeoutError(key: string, timeoutMs: number): PaykitError {
  return new PaykitError({
    code: 'timeout',
    message: `Job ${key} has no outcome after ${timeoutMs} ms; it goes on (ask again later).`,
  });
}

/** Checks that a value is a registry (duck-typed, as core's may be another copy). */
export function checkRegistry(registry: unknown): asserts registry is Registry {
  const r = registry as Partial<Registry> | undefined;
  if (!r || typeof r.get !== 'function' || typeof r.has !== 'function') {
    throw new PaykitError({
      code: 'configuration_error',
      message: 'The queue needs a registry: createRegistry([...connectors]) from @paykit/core.',
    });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
