// `pnpm test:busy`: the whole test command while two processes burn a CPU each beside it, the
// proof that no verdict depends on the machine's speed. Same exit code as `pnpm test`.
import { spawn, spawnSync } from 'node:child_process';

const burners = Array.from({ length: 2 }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stop = () => {
  for (const burner of burners) burner.kill('SIGKILL');
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop();
    process.exit(130);
  });
}
console.log(`test:busy: two CPU burners running (pids ${burners.map((b) => b.pid).join(', ')})`);
const run = spawnSync(process.execPath, ['scripts/test-all.mjs'], { stdio: 'inherit' });
stop();
process.exit(run.status ?? 1);
