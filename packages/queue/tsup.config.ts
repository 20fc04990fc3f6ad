import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// bullmq is an optional peer, loaded by the ./redis entry only; the CLI is for Node.
export default defineConfig({
  ...packageBuild(['bullmq', 'cli-progress']),
  entry: {
    index: 'src/index.ts',
    'redis/index': 'src/redis/index.ts',
    'cli/index': 'src/cli/index.ts',
    'cli/bin': 'src/cli/bin.ts',
  },
});
