import { PaykitError, type TokenStore } from '@paykit/core';
import {
  bullConnection,
  loadBullMQ,
  openClient,
  type RedisConnectionOptions,
} from './connection.js';

export interface RedisTokenStoreOptions extends RedisConnectionOptions {
  /** Key prefix. Default `paykit:tokens`. */
  prefix?: string;
}

export interface RedisTokenStore extends TokenStore {
  close(): Promise<void>;
}

const COMMANDS = {
  // KEYS: key. ARGV: value or '' (any). Deletes only while the key holds the value.
  paykitTokenDelete: {
    keys: 1,
    lua: `if ARGV[1] == '' or redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`,
  },
  // KEYS: key. ARGV: owner, ttl ms. 1 when taken.
  paykitTokenLock: {
    keys: 1,
    lua: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`,
  },
} as const;

function owner(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A TokenStore on Redis: values with a TTL (`SET PX`), a lock that expires by itself
 * (`SET NX PX`), deletes that compare first (Lua). Values are what the caller gives: sealed
 * tokens, when used through `createSharedTokenSource` (a connector's `tokenStore` setting).
 */
export async function createRedisTokenStore(
  options: RedisTokenStoreOptions = {},
): Promise<RedisTokenStore> {
  const prefix = options.prefix ?? 'paykit:tokens';
  const connection = bullConnection(options);
  const bullmq = await loadBullMQ();
  const { client, close } = await openClient(bullmq, connection, COMMANDS);
  const k = (key: string) => {
    if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
      throw new PaykitError({
        code: 'invalid_request',
        message: 'A token store key must be a non-empty string.',
      });
    }
    return `${prefix}:${key}`;
  };
  return {
    async get(key) {
      return (await client.get(k(key))) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await client.set(k(key), value, { PX: Math.max(1, Math.ceil(ttlMs)) });
    },
    async delete(key, value) {
      await client.runCommand('paykitTokenDelete', [k(key), value ?? '']);
    },
    async lock(key, ttlMs) {
      const id = owner();
      const taken = await client.runCommand('paykitTokenLock', [
        k(key),
        id,
        Math.max(1, Math.ceil(ttlMs)),
      ]);
      if (Number(taken) !== 1) return undefined;
      return {
        async release() {
          await client.runCommand('paykitTokenDelete', [k(key), id]);
        },
      };
    },
    close,
  };
}
