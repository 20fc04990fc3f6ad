/** What a simulator can do wrong on purpose, for the next N requests. */
export type Fault =
  /** Answer with this status (and body) instead of handling the request. */
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Wait, then handle the request as usual; a client that gives up first sees a timeout. */
  | { type: 'delay'; ms: number }
  /** Drop the connection without an answer. */
  | { type: 'reset' }
  /** Handle the request (the provider acts), then drop the connection: the answer is lost. */
  | { type: 'lost' }
  /**
   * Handle the request at once (the provider acts), answer only after `ms`: a client that gives
   * up first never hears what the provider did.
   */
  | { type: 'late'; ms: number }
  /** Answer 200 with a body that is not JSON. */
  | { type: 'malformed' }
  /** Answer 200 with an HTML error page. */
  | { type: 'html' }
  /** Handle the request, then send only the first half of the answer. */
  | { type: 'truncated' }
  /** Handle the request, then answer with another content type. */
  | { type: 'content-type'; contentType: string }
  /** A provider-specific fault (PayerMax: 'unsigned', 'wrong-signature'), given to the handler. */
  | { type: 'custom'; name: string };

export interface FaultInjector {
  /** Applies `fault` to each of the next `times` requests (default 1). */
  inject(fault: Fault, times?: number): void;
  /** The fault for the request now arriving, if any; consumes one. */
  next(): Fault | undefined;
  clear(): void;
  readonly pending: number;
}

export function createFaultInjector(): FaultInjector {
  const queue: Fault[] = [];
  return {
    inject(fault, times = 1) {
      for (let i = 0; i < times; i++) queue.push(fault);
    },
    next: () => queue.shift(),
    clear() {
      queue.length = 0;
    },
    get pending() {
      return queue.length;
    },
  };
}

/** Thrown by a handler to have the connection dropped (over HTTP) or fetch fail (in-process). */
export class ConnectionReset extends Error {
  constructor() {
    super('connection reset by simulator');
    this.name = 'ConnectionReset';
  }
}
