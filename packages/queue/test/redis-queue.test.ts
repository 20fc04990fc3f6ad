import { createRedisCancelQueue } from '../src/redis/index.js';
import { behaviourSuite } from './helpers/behaviour.js';
import { useRedis } from './helpers/redis.js';
import { dumpRedis } from './helpers/redis-dump.js';

const redis = useRedis();
let n = 0;

behaviourSuite({
  name: 'redis',
  make: (options) =>
    createRedisCancelQueue({
      ...options,
      url: redis.server.url,
      // One queue per test: nothing carries over between tests.
      name: `suite${++n}`,
    }),
  storedText: () => dumpRedis(redis.server.client),
});
