import { runCli } from '@paykit/queue/cli';
import type { Playground } from '../shared/playground.js';
import { positionalRegistry } from './positions.js';

/**
 * cancel-batch and worker are @paykit/queue's commands, run with the playground's connectors
 * (and its demo positions), and the playground's exit codes: 2 for any usage error, 1 for a
 * refusal as for a single cancel.
 */
export function runQueueCommand(
  argv: readonly string[],
  startPlayground: () => Promise<Playground>,
): Promise<number> {
  return runCli(argv, {
    name: 'playground',
    exitCodes: { usage: 2, refused: 1 },
    setup: async () => {
      const playground = await startPlayground();
      return {
        registry: positionalRegistry(playground),
        // The demo simulators settle in seconds (PayerMax: 2 s): look again soon.
        defaults: { followDelayMs: 500, followMaxDelayMs: 4000 },
        close: () => playground.close(),
      };
    },
  });
}
