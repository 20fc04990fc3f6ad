import { createMemoryTokenStore, type HttpResponseEvent, type TokenStore } from '@paykit/core';
import { describe, expect, it } from 'vitest';
import { createLiquido } from '../src/index.js';
import { createLiquidoSimulator } from '../src/testing/index.js';
import { CREDENTIALS, rejection, tokenRequests } from './helpers.js';

// The `tokenStore` setting, with the in-process store core ships: two connectors sharing it
// stand for two processes sharing a Redis one (@paykit/queue tests that with a real Redis).

function world(store: TokenStore = createMemoryTokenStore()) {
  const sim = createLiquidoSimulator(CREDENTIALS);
  const connect = (settings: Partial<Parameters<typeof createLiquido>[0]> = {}) =>
    createLiquido({
      ...CREDENTIALS,
      fetch: sim.fetch,
      baseUrl: 'https://liquido.sim.test',
      retryBaseDelayMs: 1,
      tokenStore: store,
      ...settings,
    });
  const seedPix = () =>
    sim.seedCharge({
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
    });
  return { sim, store, connect, seedPix };
}

describe('Liquido tokenStore', () => {
  it('shares one token request between connectors that use the same store', async () => {
    const { sim, connect, seedPix } = world();
    const [a, b] = [connect(), connect()];
    await Promise.all([
      ...Array.from({ length: 3 }, () => a.cancelPayment({ paymentId: seedPix() })),
      ...Array.from({ length: 3 }, () => b.cancelPayment({ paymentId: seedPix() })),
    ]);
    expect(tokenRequests(sim)).toHaveLength(1);
  });

  it('hides a token read from the store in this connector too', async () => {
    const { sim, connect, seedPix } = world();
    await connect().cancelPayment({ paymentId: seedPix() });
    const token = sim.requests
      .find((r) => r.headers.authorization?.startsWith('Bearer '))!
      .headers.authorization!.slice('Bearer '.length);
    // The second connector never sees the token answer; an answer quotes the token back.
    const seen: HttpResponseEvent[] = [];
    const reader = connect({ maxRetries: 0, hooks: { onResponse: (event) => seen.push(event) } });
    sim.faults.inject({
      type: 'status',
      status: 422,
      body: JSON.stringify({ message: `token ${token} is not allowed here` }),
    });
    const error = await reader.cancelPayment({ paymentId: seedPix() }).catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(tokenRequests(sim)).toHaveLength(1);
    const shown = JSON.stringify([seen, error, String(error), (error as Error).message]);
    expect(shown).toContain('[REDACTED]');
    expect(shown).not.toContain(token);
  });

  it('gives each caller its own error when the shared token request fails', async () => {
    const { sim, connect, seedPix } = world();
    const liquido = connect({ maxRetries: 0 });
    sim.faults.inject({ type: 'status', status: 400, body: '{"error":"invalid_client"}' });
    const [x, y] = await Promise.all([
      rejection(
        liquido.cancelPayment({ paymentId: seedPix(), requestId: 'req-x' }),
        'authentication_failed',
      ),
      rejection(
        liquido.cancelPayment({ paymentId: seedPix(), requestId: 'req-y' }),
        'authentication_failed',
      ),
    ]);
    expect(x).not.toBe(y);
    expect([x.requestId, y.requestId]).toEqual(['req-x', 'req-y']);
    expect(tokenRequests(sim)).toHaveLength(1);
  });

  it('lets an aborted caller leave while the shared token request goes on', async () => {
    const { sim, connect, seedPix } = world();
    const liquido = connect();
    sim.faults.inject({ type: 'delay', ms: 300 });
    const controller = new AbortController();
    const leaving = liquido.cancelPayment({ paymentId: seedPix(), signal: controller.signal });
    const staying = liquido.cancelPayment({ paymentId: seedPix() });
    controller.abort();
    await rejection(leaving, 'network_error');
    expect((await staying).status).toBe('cancelled');
    expect(tokenRequests(sim)).toHaveLength(1);
  });

  it('still cancels when the store fails: the connector asks for its own token', async () => {
    const broken: TokenStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
      lock: () => Promise.reject(new Error('store down')),
    };
    const { sim, connect, seedPix } = world(broken);
    const result = await connect().cancelPayment({ paymentId: seedPix() });
    expect(result.status).toBe('cancelled');
    expect(tokenRequests(sim)).toHaveLength(1);
  });

  it('refuses a tokenStore that is not a store', async () => {
    const { connect } = world();
    await rejection(
      Promise.resolve().then(() => connect({ tokenStore: { get() {} } as unknown as TokenStore })),
      'configuration_error',
    );
  });
});
