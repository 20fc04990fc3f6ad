import { afterAll, beforeAll } from 'vitest';
import { type RedisServer, startRedis } from './redis-server.js';

export { REDIS_SERVER, type RedisServer, startRedis } from './redis-server.js';

/** A redis-server for the file: started in beforeAll, stopped in afterAll. */
export function useRedis(): { readonly server: RedisServer } {
  const holder: { server?: RedisServer } = {};
  beforeAll(async () => {
    holder.server = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await holder.server?.stop();
  });
  return {
    get server() {
      if (!holder.server) throw new Error('redis-server is not started (beforeAll failed)');
      return holder.server;
    },
  };
}
