import { PaykitError } from '../errors/index.js';
import { createRegistry } from '../registry/index.js';
import type { Connector } from '../spec/index.js';
import type { Simulator } from './simulator.js';
import { type ConnectorTestKit, isConnectorTestKit } from './test-kit.js';

/** Settings the suite overrides on the connector under test. */
export interface ConformanceOverrides {
  fetch?: typeof globalThis.fetch;
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
}

export interface ConformanceOptions<S extends Simulator> {
  createSimulator(): S | Promise<S>;
  /** A connector wired to `sim` with the given overrides applied on top of valid settings. */
  createConnector(sim: S, overrides: ConformanceOverrides): Connector;
  /** Adds a payment the connector can cancel and returns its paymentId. */
  seedCancellable(sim: S): string | Promise<string>;
  /** Every secret setting given to createConnector; none may appear in any error. */
  secrets: readonly string[];
  providerOptions?: Record<string, Record<string, unknown>>;
  /** Tells two runs in one file apart in the report. */
  name?: string;
  /** Payment ids this connector must refuse, beyond the suite's own list. */
  invalidPaymentIds?: readonly unknown[];
  /**
   * Whether `getPayment` shows a payment cancelled once it is (default true). PayerMax's
   * orderQuery does not: it has no cancel state, so a cancel is not checked against it.
   */
  getPaymentShowsCancel?: boolean;
}

/**
 * The suite's options for a connector's test kit; `variant` changes what one run does (Liquido
 * runs it again on PayCash references: another seed, another target).
 */
export function conformanceOptionsFromKit<S extends Simulator>(
  // biome-ignore lint/suspicious/noExplicitAny: any credentials; the kit's own type is kept for S.
  kit: ConnectorTestKit<S, any>,
  variant: Partial<ConformanceOptions<S>> = {},
): ConformanceOptions<S> {
  const own = kit.conformance ?? {};
  return {
    createSimulator: () => kit.createSimulator(),
    createConnector: (sim, overrides) => kit.createConnector(sim, overrides),
    seedCancellable: (sim) => kit.seedCancellable(sim),
    // Every simulator of the kit accepts the kit's own credentials: one simulator tells them.
    secrets: kit.secrets(kit.createSimulator()),
    ...(own.providerOptions ? { providerOptions: { [kit.id]: own.providerOptions } } : {}),
    ...(own.invalidPaymentIds ? { invalidPaymentIds: own.invalidPaymentIds } : {}),
    ...(own.getPaymentShowsCancel !== undefined
      ? { getPaymentShowsCancel: own.getPaymentShowsCancel }
      : {}),
    ...variant,
  };
}

const UNIVERSALLY_INVALID: readonly unknown[] = ['', 42, null, undefined, {}, [], 'x'.repeat(65)];

/**
 * Registers vitest tests that every connector must pass against its simulator: call it at the
 * top level of a test file of yours, `await runConformanceSuite(acmePayTestKit)` (or with the
 * options spelled out). vitest is loaded here, not at import, so that simulators from `/testing`
 * run in plain Node without it.
 */
export async function runConformanceSuite<S extends Simulator>(
  options: ConformanceOptions<S>,
): Promise<void>;
export async function runConformanceSuite<S extends Simulator>(
  // biome-ignore lint/suspicious/noExplicitAny: any credentials; the kit's own type is kept for S.
  kit: ConnectorTestKit<S, any>,
  variant?: Partial<ConformanceOptions<S>>,
): Promise<void>;
export async function runConformanceSuite<S extends Simulator>(
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  kitOrOptions: ConformanceOptions<S> | ConnectorTestKit<S, any>,
  variant?: Partial<ConformanceOptions<S>>,
): Promise<void> {
  const options: ConformanceOptions<S> = isConnectorTestKit(kitOrOptions)
    ? // biome-ignore lint/suspicious/noExplicitAny: as above.
      conformanceOptionsFromKit(kitOrOptions as ConnectorTestKit<S, any>, variant)
    : { ...(kitOrOptions as ConformanceOptions<S>), ...variant };
  const { describe, expect, it } = await import('vitest');
  const { inspect } = await import('node:util');
  const fast: ConformanceOverrides = { retryBaseDelayMs: 1, timeoutMs: 2_000 };

  async function setup(overrides: ConformanceOverrides = {}) {
    const sim = await options.createSimulator();
    const connector = options.createConnector(sim, { fetch: sim.fetch, ...fast, ...overrides });
    const cancel = async (paymentId: unknown, requestId?: string) =>
      connector.cancelPayment({
        paymentId: paymentId as string,
        ...(requestId ? { requestId } : {}),
        ...(options.providerOptions ? { providerOptions: options.providerOptions } : {}),
      });
    // One cancel first, so that faults hit the cancel request and not a token fetch.
    const warmUp = async () => cancel(await options.seedCancellable(sim));
    return { sim, connector, cancel, warmUp };
  }

  const collected: unknown[] = [];
  async function expectError(promise: Promise<unknown>, code: string) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    collected.push(error);
    expect(
      PaykitError.isInstance(error),
      `expected a PaykitError ${code}, got ${String(error)}`,
    ).toBe(true);
    expect((error as PaykitError).code).toBe(code);
    return error as PaykitError;
  }

  describe(`paykit connector conformance${options.name ? `: ${options.name}` : ''}`, () => {
    it('declares the v1 spec and implements what it declares', async () => {
      const { connector } = await setup();
      expect(connector.specificationVersion).toBe('v1');
      expect(connector.id).toMatch(/^[a-z][a-z0-9-]+$/);
      expect(connector.capabilities).toContain('cancelPayment');
      for (const capability of connector.capabilities) {
        expect(typeof connector[capability]).toBe('function');
      }
    });

    it('cancels a payment and echoes the ids', async () => {
      const { sim, connector, cancel } = await setup();
      const paymentId = await options.seedCancellable(sim);
      const result = await cancel(paymentId, 'conformanceReq0001abcdefghij');
      expect(result.connector).toBe(connector.id);
      expect(['cancelled', 'pending']).toContain(result.status);
      expect(result.paymentId).toBe(paymentId);
      expect(result.requestId).toBe('conformanceReq0001abcdefghij');
      expect(typeof result.providerStatus).toBe('string');
      expect(result.raw).toBeTypeOf('object');
      if (result.amount) {
        expect(Number.isSafeInteger(result.amount.amount)).toBe(true);
        expect(result.amount.currency).toMatch(/^[A-Z]{3}$/);
      }
    });

    it('generates a request id when none is given', async () => {
      const { sim, cancel } = await setup();
      const result = await cancel(await options.seedCancellable(sim));
      expect(result.requestId).toMatch(/^\S{8,}$/);
    });

    it('refuses bad input with invalid_request before any request', async () => {
      const { sim, connector, warmUp } = await setup();
      await warmUp();
      const before = sim.requests.length;
      for (const paymentId of [...UNIVERSALLY_INVALID, ...(options.invalidPaymentIds ?? [])]) {
        await expectError(
          connector.cancelPayment({ paymentId: paymentId as string }),
          'invalid_request',
        );
      }
      await expectError(connector.cancelPayment(undefined as never), 'invalid_request');
      expect(sim.requests.length).toBe(before);
    });

    it('retries a 503 with the identical request', async () => {
      const { sim, cancel, warmUp } = await setup({ maxRetries: 2 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      const before = sim.requests.length;
      sim.faults.inject({ type: 'status', status: 503 }, 1);
      const result = await cancel(paymentId, 'conformanceRetry0001abcdefgh');
      const attempts = sim.requests.slice(before);
      expect(attempts).toHaveLength(2);
      expect(attempts[1]!.body).toBe(attempts[0]!.body);
      expect(attempts[1]!.url).toBe(attempts[0]!.url);
      expect(result.requestId).toBe('conformanceRetry0001abcdefgh');
    });

    it('gives up on 5xx after maxRetries with provider_unavailable', async () => {
      const { sim, cancel, warmUp } = await setup({ maxRetries: 1 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      const before = sim.requests.length;
      sim.faults.inject({ type: 'status', status: 502 }, 2);
      const error = await expectError(cancel(paymentId), 'provider_unavailable');
      expect(error.retryable).toBe(true);
      expect(error.httpStatus).toBe(502);
      expect(sim.requests.length - before).toBe(2);
    });

    it('maps 429 to rate_limited after honouring Retry-After', async () => {
      const { sim, cancel, warmUp } = await setup({ maxRetries: 1 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      sim.faults.inject({ type: 'status', status: 429, headers: { 'retry-after': '0' } }, 2);
      const error = await expectError(cancel(paymentId), 'rate_limited');
      expect(error.retryable).toBe(true);
    });

    it('maps a dropped connection to network_error', async () => {
      const { sim, cancel, warmUp } = await setup({ maxRetries: 0 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      sim.faults.inject({ type: 'reset' });
      const error = await expectError(cancel(paymentId), 'network_error');
      expect(error.retryable).toBe(true);
    });

    it('maps a body that is not JSON to invalid_response', async () => {
      const { sim, cancel, warmUp } = await setup({ maxRetries: 0 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      sim.faults.inject({ type: 'malformed' });
      await expectError(cancel(paymentId), 'invalid_response');
    });

    it('maps no answer in time to timeout', async () => {
      const { sim, cancel, warmUp } = await setup({ maxRetries: 0, timeoutMs: 500 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      sim.faults.inject({ type: 'delay', ms: 30_000 });
      const error = await expectError(cancel(paymentId), 'timeout');
      expect(error.retryable).toBe(true);
    });

    it('confirms an answer lost after the provider acted, never reporting a refusal', async () => {
      const { sim, connector, cancel, warmUp } = await setup({ maxRetries: 1 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      // The provider cancels, the answer never arrives; the retry meets the earlier attempt.
      sim.faults.inject({ type: 'lost' });
      const result = await cancel(paymentId, 'conformanceLost0001abcdefghij');
      expect(['cancelled', 'pending']).toContain(result.status);
      expect(result.paymentId).toBe(paymentId);
      expect(result.requestId).toBe('conformanceLost0001abcdefghij');
      if (
        result.status === 'cancelled' &&
        connector.getPayment &&
        options.getPaymentShowsCancel !== false
      ) {
        const found = await connector.getPayment({
          paymentId,
          ...(options.providerOptions ? { providerOptions: options.providerOptions } : {}),
        });
        expect(found.status, 'a cancel reported done is what the status query shows').toBe(
          'cancelled',
        );
      }
    });

    it('after a late answer, the caller retrying with the same requestId learns the outcome', async () => {
      // The answer comes long after the timeout, and the retry has the whole timeout, however
      // loaded the machine.
      const { sim, cancel, warmUp } = await setup({ maxRetries: 0, timeoutMs: 2_000 });
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      sim.faults.inject({ type: 'late', ms: 30_000 });
      const requestId = 'conformanceLate0001abcdefghij';
      await expectError(cancel(paymentId, requestId), 'timeout');
      const retried = await cancel(paymentId, requestId).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      if ('error' in retried) {
        collected.push(retried.error);
        // Without a request id on the wire, a provider can only say the payment is cancelled.
        expect(
          PaykitError.isInstance(retried.error) && retried.error.code,
          `the retry was refused: ${String(retried.error)}`,
        ).toBe('already_cancelled');
      } else {
        expect(['cancelled', 'pending']).toContain(retried.result.status);
        expect(retried.result.requestId).toBe(requestId);
      }
    });

    it('refuses providerOptions that are not plain objects before any request', async () => {
      const { sim, connector, warmUp } = await setup();
      await warmUp();
      const paymentId = await options.seedCancellable(sim);
      const before = sim.requests.length;
      for (const providerOptions of [
        'reversal',
        [],
        { [connector.id]: 'x' },
        { [connector.id]: [] },
      ]) {
        await expectError(
          connector.cancelPayment({ paymentId, providerOptions: providerOptions as never }),
          'invalid_request',
        );
      }
      expect(sim.requests.length).toBe(before);
    });

    it('works over loopback HTTP and through a registry', async () => {
      const sim = await options.createSimulator();
      const server = await sim.listen();
      try {
        const connector = options.createConnector(sim, { baseUrl: server.url, ...fast });
        const registry = createRegistry([connector]);
        const paymentId = await options.seedCancellable(sim);
        const result = await registry.cancelPayment(connector.id, {
          paymentId,
          ...(options.providerOptions ? { providerOptions: options.providerOptions } : {}),
        });
        expect(result.paymentId).toBe(paymentId);
        expect(['cancelled', 'pending']).toContain(result.status);
      } finally {
        await server.close();
      }
    });

    it('puts no secret in any error it raised', () => {
      expect(collected.length).toBeGreaterThan(5);
      for (const error of collected) {
        const views = [
          String((error as Error).message),
          String((error as Error).stack),
          JSON.stringify(error),
          inspect(error, { depth: 10, showHidden: true }),
        ];
        for (const secret of options.secrets) {
          for (const view of views)
            expect(view.includes(secret), 'a secret leaked into an error').toBe(false);
        }
      }
    });
  });
}
