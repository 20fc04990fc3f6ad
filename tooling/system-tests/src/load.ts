import { PaykitError } from '@paykit/core';
import { type ServedHandler, serveFetchHandler } from '@paykit/core/testing';
import {
  type AnySimulator,
  CONNECTORS,
  type ConnectorName,
  cancelCount,
  createConnectorFor,
  createSim,
  type FullConnector,
  freshPaymentId,
  isCancelRequest,
  paymentIdOf,
  seedPayment,
} from './harness.js';

export interface LoadOptions {
  /** Cancels per round, spread evenly over the connectors of the manifest. */
  calls: number;
  concurrency: number;
  /** A small round first, so that the measured rounds do not pay for JIT and first connections. */
  warmUpCalls?: number;
}

export interface RoundReport {
  calls: number;
  durationMs: number;
  callsPerSecond: number;
  resolved: number;
  rejected: number;
  /** Calls whose promise settled more or less than once. */
  notSettledOnce: number;
  /** First few rejections, as `code: message`. */
  errors: string[];
  /** Payments the simulator did not cancel exactly once, and cancels sent more than once. */
  notCancelledOnce: number;
  requestsNotOnce: number;
  perConnector: Record<ConnectorName, number>;
  heapUsedAfterGc: number;
}

export interface LoadReport {
  calls: number;
  concurrency: number;
  rounds: RoundReport[];
  heapRatio: number;
  resourcesBefore: Record<string, number>;
  resourcesAfter: Record<string, number>;
  /** Resource types with more instances after than before. */
  leakedResources: string[];
  gcExposed: boolean;
}

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 4; i++) {
    gc?.();
    await tick();
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Cancels `calls` payments at `concurrency` over loopback HTTP against every connector's simulator, twice,
 * and reports what the simulators saw, the heap after each round and the handles left open.
 * The servers and connectors live through both rounds; each round gets fresh simulators behind
 * them, so that the heap compares paykit's state, not the simulators' growing memory.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const resourcesBefore = countResources();
  const current: Partial<Record<ConnectorName, AnySimulator>> = {};
  const servers: Record<string, ServedHandler> = {};
  const connectors = {} as Record<ConnectorName, FullConnector>;
  for (const name of CONNECTORS) {
    servers[name] = await serveFetchHandler((request) => {
      const sim = current[name];
      if (!sim) throw new Error(`no ${name} simulator in this round`);
      return sim.fetch(request);
    });
    connectors[name] = createConnectorFor(name, { baseUrl: servers[name]!.url });
  }

  async function round(calls: number, measure: boolean): Promise<RoundReport> {
    for (const name of CONNECTORS) current[name] = createSim(name);
    // One call each first: a fresh Liquido simulator does not know the cached token yet.
    for (const name of CONNECTORS) {
      const sim = current[name]!;
      await connectors[name]!.cancelPayment({ paymentId: seedPayment(name, sim) });
      sim.requests.length = 0;
    }
    const plan = Array.from({ length: calls }, (_, i) => {
      const name = CONNECTORS[i % CONNECTORS.length]!;
      return { name, paymentId: seedPayment(name, current[name]!, freshPaymentId(name)) };
    });
    const settled = new Uint8Array(calls);
    const errors: string[] = [];
    let resolved = 0;
    let rejected = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < calls) {
          const index = next++;
          const { name, paymentId } = plan[index]!;
          await connectors[name]!.cancelPayment({ paymentId }).then(
            () => {
              settled[index]! += 1;
              resolved += 1;
            },
            (error: unknown) => {
              settled[index]! += 1;
              rejected += 1;
              if (errors.length < 5) {
                errors.push(
                  PaykitError.isInstance(error)
                    ? `${error.code}: ${error.message}`
                    : `not a PaykitError: ${String(error)}`,
                );
              }
            },
          );
        }
      }),
    );
    const durationMs = performance.now() - started;

    let notCancelledOnce = 0;
    let requestsNotOnce = 0;
    const perConnector: Record<ConnectorName, number> = Object.fromEntries(
      CONNECTORS.map((name) => [name, 0]),
    );
    const requestsPerPayment = new Map<string, number>();
    for (const name of CONNECTORS) {
      for (const request of current[name]!.requests) {
        if (!isCancelRequest(name, request)) continue;
        const key = `${name}:${paymentIdOf(name, request)}`;
        requestsPerPayment.set(key, 1 + (requestsPerPayment.get(key) ?? 0));
      }
    }
    for (const { name, paymentId } of plan) {
      perConnector[name] = (perConnector[name] ?? 0) + 1;
      if (cancelCount(name, current[name]!, paymentId) !== 1) notCancelledOnce += 1;
      if (requestsPerPayment.get(`${name}:${paymentId}`) !== 1) requestsNotOnce += 1;
    }
    for (const name of CONNECTORS) delete current[name];
    plan.length = 0;
    return {
      calls,
      durationMs,
      callsPerSecond: calls / (durationMs / 1000),
      resolved,
      rejected,
      notSettledOnce: settled.filter((count) => count !== 1).length,
      errors,
      notCancelledOnce,
      requestsNotOnce,
      perConnector,
      heapUsedAfterGc: measure ? await heapAfterGc() : 0,
    };
  }

  if (options.warmUpCalls) await round(options.warmUpCalls, false);
  const rounds = [await round(options.calls, true), await round(options.calls, true)];

  for (const server of Object.values(servers)) await server.close();
  // Sockets closed by the server end on the client side a moment later.
  let resourcesAfter = countResources();
  for (let i = 0; i < 20 && leaked(resourcesBefore, resourcesAfter).length; i++) {
    await sleep(50);
    resourcesAfter = countResources();
  }
  return {
    calls: options.calls,
    concurrency: options.concurrency,
    rounds,
    heapRatio: rounds[1]!.heapUsedAfterGc / rounds[0]!.heapUsedAfterGc,
    resourcesBefore,
    resourcesAfter,
    leakedResources: leaked(resourcesBefore, resourcesAfter),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

function leaked(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.entries(after)
    .filter(([type, count]) => count > (before[type] ?? 0))
    .map(([type, count]) => `${type}: ${before[type] ?? 0} -> ${count}`);
}
