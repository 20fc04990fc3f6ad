import { createCancelQueue } from '../src/index.js';
import { behaviourSuite } from './helpers/behaviour.js';

behaviourSuite({
  name: 'memory',
  make: async (options) => createCancelQueue(options),
});
