export type { RedisConnectionOptions } from './connection.js';
export {
  createRedisCancelQueue,
  type RedisCancelQueue,
  type RedisCancelQueueOptions,
  redisKeys,
} from './redis-queue.js';
export {
  createRedisTokenStore,
  type RedisTokenStore,
  type RedisTokenStoreOptions,
} from './redis-token-store.js';
