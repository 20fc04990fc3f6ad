import { createLiquidoSimulator } from '@paykit/connector-liquido/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMemoryTokenStore,
  createSharedTokenSource,
  openToken,
  sealToken,
  type TokenStore,
} from '../src/index.js';
import { createRedisTokenStore, type RedisTokenStore } from '../src/redis/index.js';
import { useRedis } from './helpers/redis.js';
import { dumpRedis } from './helpers/redis-dump.js';

const redis = useRedis();
const stores: RedisTokenStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;

async function redisStore(prefix: string): Promise<RedisTokenStore> {
  const store = await createRedisTokenStore({ url: redis.server.url, prefix });
  stores.push(store);
  return store;
}

const backends: [string, (prefix: string) => Promise<TokenStore>][] = [
  ['memory', async () => createMemoryTokenStore()],
  ['redis', redisStore],
];

describe.each(backends)('the %s token store', (_name, make) => {
  it('keeps a value for its time to live', async () => {
    const store = await make(`ttl${++n}`);
    await store.set('a', 'one', 150);
    expect(await store.get('a')).toBe('one');
    await sleep(200);
    expect(await store.get('a')).toBeUndefined();
  });

  it('deletes only while the key holds the value given', async () => {
    const store = await make(`del${++n}`);
    await store.set('a', 'new', 10_000);
    await store.delete('a', 'old');
    expect(await store.get('a')).toBe('new');
    await store.delete('a', 'new');
    expect(await store.get('a')).toBeUndefined();
  });

  it('gives a lock to one holder at a time, and frees it on release or expiry', async () => {
    const store = await make(`lock${++n}`);
    const first = await store.lock('l', 200);
    expect(first).toBeDefined();
    expect(await store.lock('l', 200)).toBeUndefined();
    await first!.release();
    const second = await store.lock('l', 150);
    expect(second).toBeDefined();
    await sleep(200);
    const third = await store.lock('l', 1000);
    expect(third).toBeDefined();
    // A holder whose lock expired cannot free the next holder's.
    await second!.release();
    expect(await store.lock('l', 1000)).toBeUndefined();
  });
});

/** Liquido's token endpoint, through its simulator: the real request a token source makes. */
function liquidoTokens(ttlSeconds: number) {
  const sim = createLiquidoSimulator({ tokenTtlSeconds: ttlSeconds });
  const { clientId, clientSecret } = sim.credentials;
  let requests = 0;
  const fetchToken = async () => {
    requests += 1;
    const response = await sim.fetch('http://liquido.test/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_id=${clientId}&client_secret=${clientSecret}&grant_type=client_credentials`,
    });
    const answer = (await response.json()) as { access_token: string; expires_in: number };
    return { token: answer.access_token, ttlMs: answer.expires_in * 1000 };
  };
  return { sim, clientId, clientSecret, fetchToken, requests: () => requests };
}

describe('a Liquido token shared through Redis', () => {
  it('costs one token request per expiry window for many processes, not one each', async () => {
    const liquido = liquidoTokens(1);
    const prefix = `shared${++n}`;
    // Eight "processes": each its own Redis connection and its own token source.
    const sources = await Promise.all(
      Array.from({ length: 8 }, async () =>
        createSharedTokenSource({
          store: await redisStore(prefix),
          key: `liquido:${liquido.clientId}`,
          fetchToken: liquido.fetchToken,
          sealWith: liquido.clientSecret,
          marginMs: 100,
        }),
      ),
    );
    const round = () =>
      Promise.all(sources.flatMap((s) => Array.from({ length: 10 }, () => s.get())));
    const first = await round();
    expect(new Set(first).size).toBe(1);
    expect(liquido.requests()).toBe(1);
    // Within the window: no request at all.
    await round();
    expect(liquido.requests()).toBe(1);
    // The window ends (1 s, renewed 100 ms early): one more request for all of them.
    await sleep(1000);
    const second = await round();
    expect(new Set(second).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
    expect(liquido.requests()).toBe(2);
  });

  it('replaces a refused token once, for everyone', async () => {
    const liquido = liquidoTokens(3600);
    const prefix = `refused${++n}`;
    const make = async () =>
      createSharedTokenSource({
        store: await redisStore(prefix),
        key: `liquido:${liquido.clientId}`,
        fetchToken: liquido.fetchToken,
        sealWith: liquido.clientSecret,
      });
    const a = await make();
    const b = await make();
    const token = await a.get();
    expect(await b.get()).toBe(token);
    // The API refused it (401): both processes learn it.
    await Promise.all([a.invalidate(token), b.invalidate(token)]);
    const [x, y] = await Promise.all([a.get(), b.get()]);
    expect(x).toBe(y);
    expect(x).not.toBe(token);
    expect(liquido.requests()).toBe(2);
  });

  it('stores the token sealed: Redis never holds it, nor the client secret', async () => {
    const liquido = liquidoTokens(3600);
    const prefix = `sealed${++n}`;
    const source = createSharedTokenSource({
      store: await redisStore(prefix),
      key: `liquido:${liquido.clientId}`,
      fetchToken: liquido.fetchToken,
      sealWith: liquido.clientSecret,
    });
    const token = await source.get();
    expect(token).toMatch(/^simtok_/);
    const stored = await dumpRedis(redis.server.client);
    expect(stored).toContain(`${prefix}:liquido:${liquido.clientId}:token`);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(liquido.clientSecret);
    // Another secret cannot open it: a process with other credentials fetches its own.
    const other = createSharedTokenSource({
      store: await redisStore(prefix),
      key: `liquido:${liquido.clientId}`,
      fetchToken: liquido.fetchToken,
      sealWith: 'another-client-secret',
    });
    expect(await other.get()).not.toBe(token);
  });

  it('seals and opens', async () => {
    const sealed = await sealToken('secret-123456', 'k', 'plain');
    expect(sealed).not.toContain('plain');
    expect(await openToken('secret-123456', 'k', sealed)).toBe('plain');
    expect(await openToken('secret-123456', 'other-key', sealed)).toBeUndefined();
    expect(await openToken('secret-654321', 'k', sealed)).toBeUndefined();
    expect(await openToken('secret-123456', 'k', 'v1.garbage')).toBeUndefined();
  });
});
