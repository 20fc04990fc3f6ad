import { describe, expect, it } from 'vitest';
import { defineConnector } from '../src/connector/index.js';
import {
  type CancelPaymentInput,
  type CancelPaymentResult,
  type Connector,
  createRegistry,
  PaykitError,
} from '../src/index.js';
import { createToy, createToySimulator } from './fixtures/toy-connector.js';

function fake(id: string, calls: CancelPaymentInput[] = []) {
  return defineConnector({
    id,
    displayName: id.toUpperCase(),
    capabilities: ['cancelPayment'],
    async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentResult> {
      calls.push(input);
      return {
        connector: id,
        status: 'cancelled',
        paymentId: input.paymentId,
        requestId: input.requestId ?? 'generated',
        providerStatus: 'CANCELLED',
        raw: {},
      };
    },
  });
}

function caught(fn: () => unknown): PaykitError {
  try {
    fn();
  } catch (error) {
    expect(PaykitError.isInstance(error), String(error)).toBe(true);
    return error as PaykitError;
  }
  throw new Error('expected a PaykitError, nothing was thrown');
}

describe('createRegistry', () => {
  it('registers, gets, has and lists connectors in order', () => {
    const a = fake('alpha');
    const b = fake('beta');
    const registry = createRegistry([a]);
    expect(registry.register(b)).toBe(registry);
    expect(registry.get('alpha')).toBe(a);
    expect(registry.get('beta')).toBe(b);
    expect(registry.has('alpha')).toBe(true);
    expect(registry.has('gamma')).toBe(false);
    expect(registry.has('toString')).toBe(false);
    expect(registry.list()).toEqual([a, b]);
    // list() is a copy: changing it does not change the registry.
    registry.list().pop();
    expect(registry.list()).toHaveLength(2);
  });

  it('is empty without connectors', () => {
    const registry = createRegistry();
    expect(registry.list()).toEqual([]);
    expect(caught(() => registry.get('alpha')).message).toContain('Registered: none');
  });

  it('refuses a second connector with the same id: configuration_error', () => {
    const registry = createRegistry([fake('alpha')]);
    const error = caught(() => registry.register(fake('alpha')));
    expect(error.code).toBe('configuration_error');
    expect(error.retryable).toBe(false);
    expect(error.connector).toBe('alpha');
    expect(error.message).toContain('"alpha"');
    expect(registry.list()).toHaveLength(1);
    expect(caught(() => createRegistry([fake('beta'), fake('beta')])).code).toBe(
      'configuration_error',
    );
  });

  it('answers an unknown id with unknown_connector that lists the registered ids', () => {
    const registry = createRegistry([fake('alpha'), fake('beta')]);
    const error = caught(() => registry.get('gamma'));
    expect(error.code).toBe('unknown_connector');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('"gamma"');
    expect(error.message).toContain('"alpha"');
    expect(error.message).toContain('"beta"');
  });

  it('refuses objects that are not v1 connectors: configuration_error', () => {
    const registry = createRegistry();
    const { specificationVersion: _, ...unversioned } = fake('alpha');
    for (const bad of [
      unversioned,
      { ...fake('alpha'), specificationVersion: 'v2' },
      { ...fake('alpha'), id: 42 },
      null,
      undefined,
      'alpha',
    ]) {
      expect(caught(() => registry.register(bad as unknown as Connector)).code).toBe(
        'configuration_error',
      );
    }
    expect(registry.list()).toEqual([]);
  });

  it('cancelPayment dispatches to the connector by id', async () => {
    const calls: CancelPaymentInput[] = [];
    const registry = createRegistry([fake('alpha', calls), fake('beta')]);
    const result = await registry.cancelPayment('alpha', { paymentId: 'p1', requestId: 'r1' });
    expect(result).toMatchObject({
      connector: 'alpha',
      paymentId: 'p1',
      requestId: 'r1',
      status: 'cancelled',
    });
    expect(calls).toEqual([{ paymentId: 'p1', requestId: 'r1' }]);
  });

  it('hands a connector only its own providerOptions entry, from options for several', async () => {
    const calls: CancelPaymentInput[] = [];
    const registry = createRegistry([fake('alpha', calls), fake('beta')]);
    const signal = new AbortController().signal;
    const providerOptions = { alpha: { mode: 'silent' }, beta: { tid: 'T1' } };
    await registry.cancelPayment('alpha', { paymentId: 'p1', providerOptions, signal });
    await registry.cancelPayment('alpha', { paymentId: 'p2', providerOptions: { beta: {} } });
    expect(calls).toEqual([
      { paymentId: 'p1', providerOptions: { alpha: { mode: 'silent' } }, signal },
      { paymentId: 'p2' },
    ]);
  });

  it('refuses a providerOptions key that names no registered connector, before the connector runs', async () => {
    const calls: CancelPaymentInput[] = [];
    const registry = createRegistry([fake('alpha', calls), fake('beta')]);
    const error = await registry
      .cancelPayment('alpha', {
        paymentId: 'p1',
        requestId: 'r1',
        providerOptions: { alpha: {}, alhpa: { mode: 'silent' } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_request',
      connector: 'alpha',
      requestId: 'r1',
      message:
        'providerOptions "alhpa" names no registered connector. Registered: "alpha", "beta".',
    });
    expect(calls).toEqual([]);
  });

  it('cancelPayment with an unknown id rejects (does not throw synchronously)', async () => {
    const registry = createRegistry([fake('alpha')]);
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = registry.cancelPayment('nope', { paymentId: 'p1' });
    }).not.toThrow();
    await expect(promise).rejects.toMatchObject({ code: 'unknown_connector' });
  });

  it('registers a third-party connector like the built-in ones and runs it through the HTTP layer', async () => {
    const sim = createToySimulator();
    const toy = createToy({ apiKey: 'toy-secret-key-123', fetch: sim.fetch, retryBaseDelayMs: 1 });
    const thirdParty = fake('acme-pay');
    const registry = createRegistry([toy]).register(thirdParty);
    expect(registry.list().map((c) => c.id)).toEqual(['toy', 'acme-pay']);
    const paymentId = sim.seed();
    const result = await registry.cancelPayment('toy', {
      paymentId,
      requestId: 'req-via-registry',
    });
    expect(result).toMatchObject({
      connector: 'toy',
      status: 'cancelled',
      paymentId,
      requestId: 'req-via-registry',
    });
    expect(sim.state(paymentId)).toBe('cancelled');
    await expect(registry.cancelPayment('acme-pay', { paymentId: 'x1' })).resolves.toMatchObject({
      connector: 'acme-pay',
      paymentId: 'x1',
    });
    // A connector written by hand, without defineConnector, registers too.
    const handMade: Connector = {
      specificationVersion: 'v1',
      id: 'hand-made',
      displayName: 'Hand made',
      capabilities: ['cancelPayment'],
      cancelPayment: thirdParty.cancelPayment,
    };
    expect(registry.register(handMade).get('hand-made')).toBe(handMade);
  });
});

describe('defineConnector', () => {
  const base = {
    displayName: 'Acme',
    capabilities: ['cancelPayment'] as const,
    cancelPayment: async () => ({}) as CancelPaymentResult,
  };

  it('stamps specificationVersion v1 and freezes the result', () => {
    const connector = defineConnector({ id: 'acme', ...base });
    expect(connector.specificationVersion).toBe('v1');
    expect(connector.id).toBe('acme');
    expect(Object.isFrozen(connector)).toBe(true);
  });

  it('rejects a capability without its method: configuration_error', () => {
    for (const capability of ['getPayment', 'verifyWebhook'] as const) {
      const error = caught(() =>
        defineConnector({ ...base, id: 'acme', capabilities: ['cancelPayment', capability] }),
      );
      expect(error.code).toBe('configuration_error');
      expect(error.connector).toBe('acme');
      expect(error.message).toContain(capability);
    }
    const noCancel = { ...base, id: 'acme', cancelPayment: undefined } as unknown as typeof base & {
      id: string;
    };
    expect(caught(() => defineConnector(noCancel)).code).toBe('configuration_error');
    // Declaring a method it has is fine.
    const withGet = defineConnector({
      ...base,
      id: 'acme',
      capabilities: ['cancelPayment', 'getPayment'],
      getPayment: async () => ({}) as never,
    });
    expect(withGet.capabilities).toEqual(['cancelPayment', 'getPayment']);
  });

  it.each([
    'Acme',
    'a',
    '1acme',
    '-acme',
    'ac me',
    'acme_pay',
    'acme/pay',
    'ac.me',
    `a${'b'.repeat(64)}`,
    '',
  ])('rejects the id %j', (id) => {
    expect(caught(() => defineConnector({ ...base, id })).code).toBe('configuration_error');
  });

  it('rejects an id that is not a string', () => {
    for (const id of [undefined, null, 42, ['acme']]) {
      expect(caught(() => defineConnector({ ...base, id: id as unknown as string })).code).toBe(
        'configuration_error',
      );
    }
  });

  it.each(['ab', 'acme', 'acme-pay', 'a1', `a${'b'.repeat(63)}`])('accepts the id %j', (id) => {
    expect(defineConnector({ ...base, id }).id).toBe(id);
  });

  it('keeps the methods and fields of a class-based connector', async () => {
    class AcmeConnector {
      readonly displayName = 'Acme';
      readonly capabilities = ['cancelPayment'] as const;
      #secret = 'kept-private';
      get id() {
        return 'acme-class';
      }
      async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentResult> {
        return {
          connector: this.id,
          status: 'cancelled',
          paymentId: input.paymentId,
          requestId: this.#secret,
          providerStatus: 'CANCELLED',
          raw: {},
        };
      }
    }
    const connector = defineConnector(new AcmeConnector());
    expect(connector.id).toBe('acme-class');
    expect(connector.specificationVersion).toBe('v1');
    const registry = createRegistry([connector]);
    await expect(registry.cancelPayment('acme-class', { paymentId: 'p1' })).resolves.toMatchObject({
      connector: 'acme-class',
      paymentId: 'p1',
      requestId: 'kept-private',
    });
  });
});
