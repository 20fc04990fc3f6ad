import { createLiquido } from '@paykit/connector-liquido';
import { createLiquidoSimulator, type LiquidoSimulator } from '@paykit/connector-liquido/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisTokenStore, type RedisTokenStore } from '../src/redis/index.js';
import { useRedis } from './helpers/redis.js';
import { dumpRedis } from './helpers/redis-dump.js';

const redis = useRedis();
const WORKERS = 4;
const CANCELS_PER_WORKER = 5;
const HOUR = 3_600_000;

let sim: LiquidoSimulator;
let server: { url: string; close(): Promise<void> };
const stores: RedisTokenStore[] = [];

beforeAll(async () => {
  sim = createLiquidoSimulator();
  server = await sim.listen();
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await server?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

const tokenRequests = () => sim.requests.filter((r) => r.path === '/oauth2/token').length;
const seedPix = () =>
  sim.seedCharge({ country: 'BR', paymentMethod: 'PIX_DYNAMIC_QR', transferStatus: 'IN_PROGRESS' });

/** N Liquido connectors as N workers would have them: each with its own Redis connection. */
async function workers(prefix: string) {
  return Promise.all(
    Array.from({ length: WORKERS }, async () => {
      const tokenStore = await createRedisTokenStore({ url: redis.server.url, prefix });
      stores.push(tokenStore);
      return createLiquido({ ...sim.credentials, baseUrl: server.url, tokenStore });
    }),
  );
}

/** Every worker cancels its share at once. */
async function wave(connectors: Awaited<ReturnType<typeof workers>>) {
  const results = await Promise.all(
    connectors.flatMap((liquido) =>
      Array.from({ length: CANCELS_PER_WORKER }, () =>
        liquido.cancelPayment({ paymentId: seedPix() }),
      ),
    ),
  );
  expect(results.map((r) => r.status)).toEqual(
    Array(WORKERS * CANCELS_PER_WORKER).fill('cancelled'),
  );
}

describe('Liquido tokens shared through one Redis store', () => {
  it('makes one token request per expiry window for all workers, not one each', async () => {
    // Only Date is faked: the connectors and the simulator agree on the time, which jumps
    // past the token's lifetime between windows; sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2030-01-01T00:00:00Z') });
    const connectors = await workers('window');
    const before = tokenRequests();

    await wave(connectors);
    expect(tokenRequests() - before).toBe(1);
    await wave(connectors);
    expect(tokenRequests() - before).toBe(1);

    // The hour-long token expires (renewed a minute early): one new request, for everyone.
    vi.setSystemTime(Date.now() + HOUR);
    await wave(connectors);
    expect(tokenRequests() - before).toBe(2);

    vi.setSystemTime(Date.now() + HOUR);
    await wave(connectors);
    await wave(connectors);
    expect(tokenRequests() - before).toBe(3);
  });

  it('replaces a revoked token once for all workers', async () => {
    const connectors = await workers('revoked');
    await wave(connectors);
    const before = tokenRequests();
    // Every worker's token is refused (401) on its next call: one of them fetches a new one.
    sim.expireTokens();
    await wave(connectors);
    expect(tokenRequests() - before).toBe(1);
  });

  it('keeps the token sealed in Redis: no token, client secret or api key in the clear', async () => {
    const [liquido] = await workers('sealed');
    await liquido!.cancelPayment({ paymentId: seedPix() });
    const tokens = sim.requests
      .map((request) => request.headers.authorization)
      .filter((value): value is string => value?.startsWith('Bearer ') === true)
      .map((value) => value.slice('Bearer '.length));
    expect(tokens.length).toBeGreaterThan(0);
    const stored = await dumpRedis(redis.server.client);
    expect(stored).toContain('sealed:liquido:');
    for (const secret of [...new Set(tokens), sim.credentials.clientSecret, sim.credentials.apiKey])
      expect(stored).not.toContain(secret);
  });

  it('without a store, each connector keeps its own token (the default)', async () => {
    const before = tokenRequests();
    const own = Array.from({ length: 2 }, () =>
      createLiquido({ ...sim.credentials, baseUrl: server.url }),
    );
    for (const liquido of own) await liquido.cancelPayment({ paymentId: seedPix() });
    expect(tokenRequests() - before).toBe(2);
  });
});
