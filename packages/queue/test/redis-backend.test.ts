import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { CancelQueue } from '../src/index.js';
import { createRedisCancelQueue } from '../src/redis/index.js';
import { useRedis } from './helpers/redis.js';
import { createWorld, eventually } from './helpers/world.js';

const redis = useRedis();
const open: CancelQueue[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});
let n = 0;
const FAST = { backoffMs: 20, followDelayMs: 30, followMaxDelayMs: 200 };

async function queue(options: Parameters<typeof createRedisCancelQueue>[0]) {
  const q = await createRedisCancelQueue({ url: redis.server.url, ...options });
  open.push(q);
  return q;
}

describe('the Redis backend across processes', () => {
  it('shares the concurrency and the rate limit between workers', async () => {
    const name = `shared${++n}`;
    const world = createWorld({ latencyMs: 80 });
    const policies = { yabandpay: { concurrency: 2, ratePerSecond: 20 } };
    // Two workers (each its own connections, as two processes would have) and a producer.
    await queue({ name, registry: world.registry, defaults: FAST, connectors: policies });
    await queue({ name, registry: world.registry, defaults: FAST, connectors: policies });
    const producer = await queue({ name, connectors: policies });
    const jobs = await producer.enqueueMany(
      Array.from({ length: 30 }, () => ({
        connector: 'yabandpay',
        paymentId: world.yabandpay.seedPayment(),
      })),
    );
    const outcomes = await Promise.all(jobs.map((j) => producer.waitFor(j.key)));
    expect(outcomes.every((o) => o.status === 'cancelled')).toBe(true);
    expect(world.inFlight.yabandpay!.max).toBe(2);
    const times = world.requests.map((r) => r.at);
    // 2 at once with 80 ms each would allow ~25 a second: the limit of 20 decides.
    expect(times[20]! - times[0]!).toBeGreaterThanOrEqual(900);
  });

  it('keeps jobs until a worker comes, and the producer hears their outcomes', async () => {
    const name = `durable${++n}`;
    const world = createWorld();
    const producer = await queue({ name, connectorIds: ['yabandpay', 'liquido'] });
    const jobs = await producer.enqueueMany([
      { connector: 'yabandpay', paymentId: world.yabandpay.seedPayment() },
      {
        connector: 'liquido',
        paymentId: world.liquido.seedCharge({
          country: 'MX',
          paymentMethod: 'PAY_CASH',
          transferStatus: 'IN_PROGRESS',
        }),
      },
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await producer.outcomes(jobs.map((j) => j.key))).toEqual(new Map());
    expect((await producer.counts()).yabandpay).toMatchObject({ waiting: 1, done: 0 });
    const heard: string[] = [];
    producer.onOutcome((o) => heard.push(o.key));
    await queue({ name, registry: world.registry, defaults: FAST });
    const outcomes = await Promise.all(jobs.map((j) => producer.waitFor(j.key)));
    expect(outcomes.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
    await eventually(() => heard.length === 2, 'both outcome events');
    expect(heard.sort()).toEqual(jobs.map((j) => j.key).sort());
  });

  it('records an unresolved outcome for a job the engine gave up, once', async () => {
    const name = `failed${++n}`;
    const world = createWorld();
    const listener = await queue({ name, connectorIds: ['yabandpay'] });
    const job = await listener.enqueue({
      connector: 'yabandpay',
      paymentId: world.yabandpay.seedPayment(),
    });
    // A foreign worker on the queue fails the job outright, as BullMQ does with a job taken
    // back from dead workers more often than maxStalledCount.
    const rogue = new Worker(
      `${name}.yabandpay`,
      async () => {
        throw new UnrecoverableError('gave up');
      },
      { connection: { url: redis.server.url }, prefix: 'paykit' },
    );
    try {
      const outcome = await listener.waitFor(job.key, { timeoutMs: 10_000 });
      expect(outcome).toMatchObject({ status: 'unresolved', reason: 'stalled', steps: 0 });
      expect(await listener.outcome(job.key)).toEqual(outcome);
    } finally {
      await rogue.close();
    }
  });

  it('uses BullMQ job ids, global concurrency and the global rate limit', async () => {
    const name = `bull${++n}`;
    const world = createWorld();
    const worker = await queue({
      name,
      registry: world.registry,
      connectors: { payermax: { concurrency: 5, ratePerSecond: 2.5 } },
    });
    const bull = new Queue(worker.queueName('payermax'), {
      connection: { url: redis.server.url },
      prefix: 'paykit',
    });
    try {
      expect(await bull.getGlobalConcurrency()).toBe(5);
      expect(await bull.getGlobalRateLimit()).toMatchObject({ max: 5, duration: 2000 });
      const job = await worker.enqueue({
        connector: 'payermax',
        paymentId: world.payermax.seedPayment(),
      });
      const bullJob = await bull.getJob(job.key);
      expect(bullJob?.id).toBe(job.key);
      expect(bullJob?.opts.attempts).toBe(8);
      expect(bullJob?.data).not.toHaveProperty('privateKey');
    } finally {
      await bull.close();
    }
  });
});

describe('the ./redis entry without BullMQ installed', () => {
  it('fails with a configuration_error that says what to install', async () => {
    const hook = fileURLToPath(new URL('./fixtures/no-bullmq.mjs', import.meta.url));
    const script = `
      const { createRedisCancelQueue } = await import('@paykit/queue/redis');
      try { await createRedisCancelQueue({ url: 'redis://127.0.0.1:1' }); console.log('no error'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', hook, '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    const answer = JSON.parse(stdout.trim());
    expect(answer.code).toBe('configuration_error');
    expect(answer.message).toContain('npm install bullmq');
  });
});
