// Child-process entry of the load run: `node --expose-gc --import tsx src/load-main.ts`.
// LOAD_CALLS (default 1500) and LOAD_CONCURRENCY (default 100); prints the report as JSON.
import { runLoad } from './load.js';

const calls = Number(process.env.LOAD_CALLS ?? 1500);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 100);
const report = await runLoad({ calls, concurrency, warmUpCalls: 150 });
// Exits on its own: a handle left open is reported above, it must not hang the run.
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
