// The scale benchmark of the Redis backend (`pnpm bench`, or `pnpm --filter @paykit/queue bench`):
//
// 1. Throughput with 1, 2 and 4 worker processes against simulators answering after 50 ms, as
//    ratios to one worker measured in the same run. Liquido and YabandPay: PayerMax's RSA (four
//    signatures or checks a request, worker and simulator) makes a 2-core machine CPU-bound,
//    which would measure the CPU rather than the queue.
// 2. The rate limit across 4 workers: the rate the simulator saw against the limit set.
// 3. Redis round trips per job: one worker and the producer each behind a counting proxy (the
//    commands they send and the writes they come in), all three connectors; and the commands
//    redis-server ran (INFO commandstats, which counts those inside Lua scripts too).
//
// Environment: BENCH_JOBS (jobs per throughput run, default 800), BENCH_LATENCY_MS (50),
// BENCH_WORKER_CONCURRENCY (jobs at once per connector in one worker, default 2),
// BENCH_RATE (per second, default 40), BENCH_RATE_JOBS (240), BENCH_TRIP_JOBS (300).
// Writes test-output/bench/scale.json and scale.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRedisCancelQueue, type RedisCancelQueue } from '../src/redis/index.js';
import { cli, type Running } from '../test/helpers/processes.js';
import { startCountingProxy } from '../test/helpers/redis-proxy.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { commandCalls } from '../test/helpers/resp.js';
import { DEMO_REGISTRY, PACKAGE_DIR, startSimulators } from '../test/helpers/sim-server.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 800);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 2);
const RATE = Number(process.env.BENCH_RATE ?? 40);
const RATE_JOBS = Number(process.env.BENCH_RATE_JOBS ?? 240);
const TRIP_JOBS = Number(process.env.BENCH_TRIP_JOBS ?? 300);
const CONNECTORS = ['liquido', 'payermax', 'yabandpay'];
const SCALED = ['liquido', 'yabandpay'];

const redis = await startRedis();
const sims = await startSimulators(['--latency', String(LATENCY), '--settle-ms', '0']);
const running: Running[] = [];
const queues: RedisCancelQueue[] = [];

async function workers(
  count: number,
  name: string,
  extra: string[] = [],
  url = redis.url,
): Promise<Running[]> {
  const started = Array.from({ length: count }, () =>
    cli(
      [
        'worker',
        '--registry',
        DEMO_REGISTRY,
        '--name',
        name,
        '--concurrency',
        '64',
        '--worker-concurrency',
        String(WORKER_CONCURRENCY),
        ...extra,
      ],
      { ...sims.env, REDIS_URL: url, PAYKIT_DEMO_FOLLOW_MS: '50' },
    ),
  );
  running.push(...started);
  await Promise.all(started.map((w) => w.waitFor('ready:', 30_000)));
  return started;
}

async function stop(list: Running[]): Promise<void> {
  for (const w of list) w.child.kill('SIGTERM');
  await Promise.all(list.map((w) => w.exited));
}

async function runJobs(name: string, count: number, connectors: string[], url = redis.url) {
  const producer = await createRedisCancelQueue({ url, name, connectorIds: connectors });
  queues.push(producer);
  const seeded = await sims.seed(count, { connectors, mix: 'cancellable' });
  const ended = new Map<string, string>();
  producer.onOutcome((o) => ended.set(o.key, o.status));
  const before = await commandCalls(redis.client);
  const started = Date.now();
  const jobs = await producer.enqueueMany(
    seeded.map(({ connector, paymentId, providerOptions }) => ({
      connector,
      paymentId,
      ...(providerOptions ? { providerOptions } : {}),
    })),
  );
  // Outcome events (QueueEvents), not polling: the producer's own traffic stays small.
  while (jobs.some((j) => !ended.has(j.key))) await new Promise((r) => setTimeout(r, 20));
  const seconds = (Date.now() - started) / 1000;
  const after = await commandCalls(redis.client);
  const delta = new Map<string, number>();
  for (const [command, calls] of after) {
    const d = calls - (before.get(command) ?? 0);
    if (d > 0) delta.set(command, d);
  }
  const notCancelled = jobs.filter((j) => ended.get(j.key) !== 'cancelled').length;
  if (notCancelled > 0) throw new Error(`${notCancelled} jobs did not end cancelled`);
  await producer.close();
  return { seconds, perSecond: count / seconds, commands: delta };
}

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

try {
  // Warm-up: the first run of a process pays for module loading and TLS-free key imports.
  {
    const warm = await workers(1, 'warmup');
    await runJobs('warmup', 60, CONNECTORS);
    await stop(warm);
  }

  const throughput: { workers: number; seconds: number; perSecond: number }[] = [];
  for (const count of [1, 2, 4]) {
    const name = `scale${count}`;
    const list = await workers(count, name);
    const run = await runJobs(name, JOBS, SCALED);
    await stop(list);
    throughput.push({ workers: count, seconds: run.seconds, perSecond: run.perSecond });
  }

  // The rate limit, across 4 workers with room for far more: yabandpay alone, one request a job.
  const limited = await workers(4, 'rate', ['--rate', String(RATE)]);
  await sims.resetStats();
  await runJobs('rate', RATE_JOBS, ['yabandpay']);
  await stop(limited);
  const times = (await sims.timestamps('yabandpay')).sort((a, b) => a - b);
  const measured = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
  let maxWindow = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    maxWindow = Math.max(maxWindow, i - j + 1);
  }

  // Round trips: one worker and the producer, each behind its own counting proxy.
  const workerProxy = await startCountingProxy(redis.port);
  const producerProxy = await startCountingProxy(redis.port);
  const tripWorker = await workers(1, 'trips', [], workerProxy.url);
  workerProxy.reset();
  const trips = await runJobs('trips', TRIP_JOBS, CONNECTORS, producerProxy.url);
  const workerCounts = workerProxy.counts();
  const producerCounts = producerProxy.counts();
  await stop(tripWorker);
  await workerProxy.close();
  await producerProxy.close();
  const serverCommands = [...trips.commands.values()].reduce((a, b) => a + b, 0);

  const base = throughput[0]!.perSecond;
  say(
    `paykit queue scale benchmark: ${JOBS} cancels per run over ${SCALED.join(' and ')}; simulators answer after ${LATENCY} ms; ${WORKER_CONCURRENCY} jobs at once per connector per worker; redis-server on loopback; ${new Date().toISOString()}`,
  );
  say('');
  say('| worker processes | seconds | jobs/s | ratio to 1 worker | ideal |');
  say('| --- | --- | --- | --- | --- |');
  for (const t of throughput) {
    say(
      `| ${t.workers} | ${t.seconds.toFixed(2)} | ${t.perSecond.toFixed(0)} | ${(t.perSecond / base).toFixed(2)} | ${t.workers}.00 |`,
    );
  }
  say('');
  const within = measured <= RATE * 1.05;
  say(
    `rate limit ${RATE}/s (yabandpay, 4 workers, ${RATE_JOBS} jobs): measured ${measured.toFixed(2)}/s at the simulator (${((measured / RATE) * 100).toFixed(1)}% of the limit; ${within ? 'within' : 'NOT within'} 5%), at most ${maxWindow} requests in any 1 s window`,
  );
  say('');
  const per = (n: number) => (n / TRIP_JOBS).toFixed(1);
  say(
    `Redis per job (${TRIP_JOBS} jobs over ${CONNECTORS.join(', ')}, one worker): the worker sent ${per(workerCounts.commands)} commands in ${per(workerCounts.writes)} writes (round trips); the producer ${per(producerCounts.commands)} commands in ${per(producerCounts.writes)} writes; redis-server ran ${per(serverCommands)} commands, those of Lua scripts included`,
  );
  say('  worker commands per job:');
  for (const [command, calls] of [...workerCounts.byCommand]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)) {
    say(`    ${command.padEnd(12)} ${(calls / TRIP_JOBS).toFixed(2)}`);
  }
  const dir = join(PACKAGE_DIR, 'test-output/bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'scale.json'),
    `${JSON.stringify(
      {
        jobs: JOBS,
        latencyMs: LATENCY,
        workerConcurrency: WORKER_CONCURRENCY,
        throughput: throughput.map((t) => ({ ...t, ratio: t.perSecond / base })),
        rateLimit: { limit: RATE, measured, maxInOneSecond: maxWindow, within5Percent: within },
        redisPerJob: {
          jobs: TRIP_JOBS,
          workerCommands: workerCounts.commands / TRIP_JOBS,
          workerRoundTrips: workerCounts.writes / TRIP_JOBS,
          producerCommands: producerCounts.commands / TRIP_JOBS,
          producerRoundTrips: producerCounts.writes / TRIP_JOBS,
          serverCommands: serverCommands / TRIP_JOBS,
        },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(dir, 'scale.md'), `${lines.join('\n')}\n`);
  if (!within) process.exitCode = 1;
} finally {
  for (const w of running) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await Promise.all(queues.map((q) => q.close()));
  await sims.stop();
  await redis.stop();
}
