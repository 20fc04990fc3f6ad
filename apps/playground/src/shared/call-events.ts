import { AsyncLocalStorage } from 'node:async_hooks';
import type { HttpErrorEvent, HttpHooks, HttpRequestEvent, HttpResponseEvent } from '@paykit/core';
import type { Redactor } from '@paykit/core/connector';

/** One thing that happened on the wire during a call, secrets redacted. */
export type CallEvent =
  | ({ kind: 'request'; at: number } & Omit<HttpRequestEvent, 'connector'>)
  | ({ kind: 'response'; at: number } & Omit<HttpResponseEvent, 'connector'>)
  | ({ kind: 'error'; at: number } & Omit<HttpErrorEvent, 'connector'>);

export interface EventCollector {
  /** Give these to every connector. */
  hooks: HttpHooks;
  /** Runs `fn` and returns the events its HTTP calls produced, every attempt included. */
  collect<T>(fn: () => Promise<T>): Promise<{ events: CallEvent[]; value?: T; error?: unknown }>;
}

/**
 * Hook events are redacted by the connector already; the playground passes them through its own
 * redactor as well (belt and braces), and also by field name inside JSON bodies: a token answer
 * reaches the hooks before the connector has learnt the token is a secret.
 */
function redactBody(redactor: Redactor, body: string): string {
  try {
    return JSON.stringify(redactor.redact(JSON.parse(body)));
  } catch {
    return redactor.redactString(body);
  }
}

function redactEvent(redactor: Redactor, event: CallEvent): CallEvent {
  const out = redactor.redact(event);
  if ('body' in out && typeof out.body === 'string') out.body = redactBody(redactor, out.body);
  return out;
}

/**
 * Sorts hook events by call: hooks are fixed when a connector is made, while calls run
 * concurrently, so each call's async context carries its own list.
 */
export function createEventCollector(
  redactor: Redactor,
  onEvent?: (connector: string, event: CallEvent) => void,
): EventCollector {
  const storage = new AsyncLocalStorage<CallEvent[]>();
  const record = (connector: string, event: CallEvent) => {
    const safe = redactEvent(redactor, event);
    storage.getStore()?.push(safe);
    onEvent?.(connector, safe);
  };
  return {
    hooks: {
      onRequest: ({ connector, ...event }) =>
        record(connector, { kind: 'request', at: Date.now(), ...event }),
      onResponse: ({ connector, ...event }) =>
        record(connector, { kind: 'response', at: Date.now(), ...event }),
      onError: ({ connector, ...event }) =>
        record(connector, { kind: 'error', at: Date.now(), ...event }),
    },
    collect(fn) {
      const events: CallEvent[] = [];
      return storage.run(events, async () => {
        try {
          return { events, value: await fn() };
        } catch (error) {
          return { events, error };
        }
      });
    },
  };
}

/** One line for a log. */
export function summarizeEvent(event: CallEvent): string {
  switch (event.kind) {
    case 'request':
      return `→ ${event.method} ${event.url} (attempt ${event.attempt})`;
    case 'response':
      return `← ${event.status} ${event.url} in ${event.durationMs} ms`;
    case 'error':
      return `✗ ${event.code}: ${event.message}`;
  }
}
