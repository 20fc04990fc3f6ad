import { ConnectionReset, createFaultInjector, type Fault, type FaultInjector } from './faults.js';
import { type ServedHandler, serveFetchHandler } from './serve.js';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The fault applied to it, if any. */
  fault?: Fault['type'];
}

export interface SimulatorContext {
  /** A provider-specific fault to apply to this request. */
  fault?: Extract<Fault, { type: 'custom' }>;
  /** The request's raw body, read once. */
  body: string;
}

export type SimulatorHandler = (request: Request, context: SimulatorContext) => Promise<Response>;

export interface Simulator {
  /** A fetch handler: pass it as a connector's `fetch` to run in-process. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Serves the simulator on 127.0.0.1 at a free port. */
  listen(): Promise<ServedHandler>;
  readonly faults: FaultInjector;
  /** Every request received, faulted ones included, oldest first. */
  readonly requests: RecordedRequest[];
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { ...init, headers });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles as `promise` does, or rejects with the signal's reason once it aborts, as fetch does. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The shared part of every provider simulator: request log, fault injection, in-process fetch
 * and loopback serving. A provider simulator only writes `handle`.
 */
export function createSimulator(handle: SimulatorHandler): Simulator {
  const faults = createFaultInjector();
  const requests: RecordedRequest[] = [];

  async function handleWithFaults(request: Request): Promise<Response> {
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const fault = faults.next();
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    requests.push({
      method: request.method,
      url: request.url,
      path: url.pathname,
      headers,
      body,
      ...(fault ? { fault: fault.type } : {}),
    });
    const context: SimulatorContext = { body };
    switch (fault?.type) {
      case undefined:
        return handle(request, context);
      case 'status':
        return new Response(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }), {
          status: fault.status,
          headers: { 'content-type': 'application/json', ...fault.headers },
        });
      case 'delay':
        await sleep(fault.ms, request.signal);
        return handle(request, context);
      case 'reset':
        throw new ConnectionReset();
      case 'lost':
        await handle(request, context);
        throw new ConnectionReset();
      case 'late': {
        const response = await handle(request, context);
        // Not abortable: the provider answers when it answers, whoever is still listening.
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return response;
      }
      case 'malformed':
        return new Response('{"status": tru', { headers: { 'content-type': 'application/json' } });
      case 'html':
        return new Response('<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>', {
          headers: { 'content-type': 'text/html' },
        });
      case 'truncated': {
        const response = await handle(request, context);
        const text = await response.text();
        return new Response(text.slice(0, Math.floor(text.length / 2)), {
          status: response.status,
          headers: response.headers,
        });
      }
      case 'content-type': {
        const response = await handle(request, context);
        const headersOut = new Headers(response.headers);
        headersOut.set('content-type', fault.contentType);
        return new Response(await response.text(), {
          status: response.status,
          headers: headersOut,
        });
      }
      case 'custom':
        return handle(request, { ...context, fault });
    }
  }

  return {
    async fetch(input, init) {
      const request = input instanceof Request && !init ? input : new Request(input, init);
      try {
        // An aborted request is never sent; one aborted while waiting rejects at once.
        request.signal.throwIfAborted();
        return await abortable(handleWithFaults(request), request.signal);
      } catch (error) {
        if (error instanceof ConnectionReset) {
          // What undici throws for a dropped connection.
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
          });
        }
        throw error;
      }
    },
    listen: () => serveFetchHandler(handleWithFaults),
    faults,
    requests,
  };
}
