import { inspect } from 'node:util';
import type { Registry } from '@paykit/core';
import { PaykitError } from '@paykit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  CancelOutcome,
  CancelQueue,
  ConnectorPolicyOptions,
  RefusedOutcome,
  UnresolvedOutcome,
} from '../../src/index.js';
import { createWorld, eventually, type World } from './world.js';

export interface QueueFactoryOptions {
  registry: Registry;
  defaults?: ConnectorPolicyOptions;
  connectors?: Record<string, ConnectorPolicyOptions>;
}

export interface Backend {
  name: 'memory' | 'redis';
  make(options: QueueFactoryOptions): Promise<CancelQueue>;
  /** Everything the backend keeps outside the process, as text (for the secret scan). */
  storedText?(): Promise<string>;
}

/** Fast settings for tests: short backoffs and follow-up delays. */
const FAST: ConnectorPolicyOptions = {
  backoffMs: 20,
  followDelayMs: 30,
  followMaxDelayMs: 200,
  deadlineMs: 20_000,
};

const refusedOf = (o: CancelOutcome) => {
  expect(o.status).toBe('refused');
  return o as RefusedOutcome;
};

/**
 * What every backend must do, run against each (test/memory-queue.test.ts,
 * test/redis-queue.test.ts): the same cancels, faults and assertions.
 */
export function behaviourSuite(backend: Backend): void {
  const open: CancelQueue[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  async function setup(
    options: {
      world?: Parameters<typeof createWorld>[0];
      defaults?: ConnectorPolicyOptions;
      connectors?: Record<string, ConnectorPolicyOptions>;
    } = {},
  ): Promise<{ world: World; queue: CancelQueue; seen: CancelOutcome[] }> {
    const world = createWorld(options.world);
    const queue = await backend.make({
      registry: world.registry,
      defaults: { ...FAST, ...options.defaults },
      ...(options.connectors ? { connectors: options.connectors } : {}),
    });
    open.push(queue);
    const seen: CancelOutcome[] = [];
    queue.onOutcome((o) => seen.push(o));
    return { world, queue, seen };
  }

  describe(`${backend.name} backend: the shared behaviour`, () => {
    it('cancels, records exactly one outcome, and emits it', async () => {
      const { world, queue, seen } = await setup();
      const paymentId = world.yabandpay.seedPayment();
      const job = await queue.enqueue({ connector: 'yabandpay', paymentId });
      expect(job).toMatchObject({ connector: 'yabandpay', paymentId, created: true });
      const outcome = await queue.waitFor(job.key, { timeoutMs: 10_000 });
      expect(outcome).toMatchObject({
        key: job.key,
        status: 'cancelled',
        confirmedBy: 'cancel',
        providerStatus: 'cancelled',
        requestId: job.requestId,
        amount: { amount: 10, currency: 'EUR' },
        steps: 1,
      });
      expect(world.yabandpay.getPayment(paymentId)?.state).toBe('cancelled');
      await eventually(() => seen.length > 0, 'the outcome event');
      expect(seen.filter((o) => o.key === job.key)).toEqual([outcome]);
      expect(await queue.outcome(job.key)).toEqual(outcome);
      expect([...(await queue.outcomes([job.key, 'nope.0'])).keys()]).toEqual([job.key]);
      expect((await queue.counts()).yabandpay).toMatchObject({ done: 1, active: 0 });
    });

    it('runs the same job once: enqueued twice at once, and again after it ended', async () => {
      const { world, queue } = await setup({ world: { latencyMs: 50 } });
      const paymentId = world.yabandpay.seedPayment();
      const input = { connector: 'yabandpay', paymentId, requestId: 'sameJob0000000000000000001' };
      const [a, b] = await Promise.all([queue.enqueue(input), queue.enqueue(input)]);
      expect(a.key).toBe(b.key);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      await queue.waitFor(a.key, { timeoutMs: 10_000 });
      const again = await queue.enqueue(input);
      expect(again).toMatchObject({ key: a.key, created: false });
      await new Promise((r) => setTimeout(r, 200));
      expect(world.about('yabandpay', paymentId)).toHaveLength(1);
      // Another requestId is another job: YabandPay refuses it, the payment is cancelled.
      const other = await queue.enqueue({ ...input, requestId: 'sameJob0000000000000000002' });
      expect(other.key).not.toBe(a.key);
      expect(refusedOf(await queue.waitFor(other.key)).code).toBe('already_cancelled');
    });

    it('derives the requestId from connector and paymentId when none is given', async () => {
      const { world, queue } = await setup();
      const paymentId = world.yabandpay.seedPayment();
      const first = await queue.enqueue({ connector: 'yabandpay', paymentId });
      const second = await queue.enqueue({ connector: 'yabandpay', paymentId });
      expect(first.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(second).toMatchObject({ key: first.key, requestId: first.requestId, created: false });
      await queue.waitFor(first.key);
      expect(world.requestIdsOf('yabandpay', paymentId)).toEqual([first.requestId]);
    });

    it('retries retryable errors with backoff and the same requestId', async () => {
      const { world, queue } = await setup();
      const paymentId = world.yabandpay.seedPayment();
      // maxRetries 1: each step is two requests; two steps fail, the third cancels.
      world.yabandpay.faults.inject({ type: 'status', status: 503 }, 4);
      const job = await queue.enqueue({ connector: 'yabandpay', paymentId });
      const outcome = await queue.waitFor(job.key, { timeoutMs: 10_000 });
      expect(outcome).toMatchObject({ status: 'cancelled', steps: 3 });
      const ids = world.requestIdsOf('yabandpay', paymentId);
      expect(ids).toHaveLength(5);
      expect(new Set(ids)).toEqual(new Set([job.requestId]));
      const times = world.about('yabandpay', paymentId).map((r) => r.at);
      // The second retry waited about twice the first's backoff (20 ms, then 40 ms, -30% jitter).
      expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(35);
    });

    it('ends a refusal refused, with its code, the provider code and message', async () => {
      const { world, queue } = await setup();
      const cleared = world.yabandpay.seedPayment({ cleared: true });
      const settled = world.liquido.seedCharge({
        country: 'BR',
        paymentMethod: 'PIX_DYNAMIC_QR',
        transferStatus: 'SETTLED',
      });
      const [a, b, c] = await queue.enqueueMany([
        { connector: 'yabandpay', paymentId: cleared },
        { connector: 'liquido', paymentId: settled },
        { connector: 'liquido', paymentId: 'lq-missing-0001' },
      ]);
      const yab = refusedOf(await queue.waitFor(a!.key));
      expect(yab).toMatchObject({ code: 'not_cancellable', providerCode: '-4112', steps: 1 });
      expect(yab.message).toContain('cleared');
      expect(yab.providerMessage).toContain('cleared');
      expect(refusedOf(await queue.waitFor(b!.key)).code).toBe('not_cancellable');
      expect(refusedOf(await queue.waitFor(c!.key)).code).toBe('payment_not_found');
      // Refusals are not retried.
      expect(world.about('yabandpay', cleared)).toHaveLength(1);
    });

    it('ends unresolved when retries run out, keeping the last error', async () => {
      const { world, queue } = await setup({ connectors: { yabandpay: { attempts: 2 } } });
      const paymentId = world.yabandpay.seedPayment();
      world.yabandpay.faults.inject({ type: 'status', status: 503 }, 100);
      const job = await queue.enqueue({ connector: 'yabandpay', paymentId });
      const outcome = (await queue.waitFor(job.key)) as UnresolvedOutcome;
      expect(outcome).toMatchObject({
        status: 'unresolved',
        reason: 'retries',
        steps: 2,
        lastError: { code: 'provider_unavailable', retryable: true },
      });
      world.yabandpay.faults.clear();
      expect(world.yabandpay.getPayment(paymentId)?.state).toBe('paid');
    });

    it('follows a pending PayerMax cancel by repeating it with the same requestId', async () => {
      const { world, queue } = await setup({ world: { payermaxSettleMs: 250 } });
      const paymentId = world.payermax.seedPayment();
      const job = await queue.enqueue({ connector: 'payermax', paymentId });
      const outcome = await queue.waitFor(job.key, { timeoutMs: 10_000 });
      expect(outcome).toMatchObject({
        status: 'cancelled',
        providerStatus: 'SUCCESS',
        confirmedBy: 'cancel',
      });
      expect(outcome.steps).toBeGreaterThanOrEqual(2);
      const seen = world.about('payermax', paymentId);
      expect(seen.every((r) => r.path.endsWith('/cancel'))).toBe(true);
      expect(new Set(world.requestIdsOf('payermax', paymentId))).toEqual(new Set([job.requestId]));
      expect(world.payermax.getPayment(paymentId)?.cancels).toHaveLength(1);
    });

    it('follows a YabandPay terminal still reversing with the status query', async () => {
      // The reversal takes 6 s, the connector gives up after 1: a timeout, retried with the
      // same request_id (-3002, confirmed: still paid, moving), then QueryOrder until 08.
      const { world, queue } = await setup({ world: { timeoutMs: 1_000, maxRetries: 0 } });
      const paymentId = world.yabandpay.seedPayment({ reversalMs: 6_000 });
      const job = await queue.enqueue({ connector: 'yabandpay', paymentId });
      const outcome = await queue.waitFor(job.key, { timeoutMs: 25_000 });
      expect(outcome).toMatchObject({ status: 'cancelled', confirmedBy: 'status-query' });
      const bodies = world.about('yabandpay', paymentId).map((r) => JSON.parse(r.body).method);
      expect(bodies.filter((m) => m === 'v3.POSReversal').length).toBe(2);
      expect(bodies).toContain('v3.QueryOrder');
      expect(new Set(world.requestIdsOf('yabandpay', paymentId))).toEqual(new Set([job.requestId]));
    });

    it("confirms with the status query a refusal that echoes the job's own lost step", async () => {
      // Liquido cancels, the answer is lost; the connector does not retry (maxRetries 0): a
      // network_error. The job's retry hears "already cancelled": its own earlier step.
      const { world, queue } = await setup({ world: { maxRetries: 0 } });
      const charge = () =>
        world.liquido.seedCharge({
          country: 'BR',
          paymentMethod: 'PIX_DYNAMIC_QR',
          transferStatus: 'IN_PROGRESS',
        });
      const lost = charge();
      const before = charge();
      // Warm the token up so that the fault meets the cancel.
      await world.connectors.liquido.getPayment({ paymentId: before });
      world.liquido.faults.inject({ type: 'lost' });
      const job = await queue.enqueue({ connector: 'liquido', paymentId: lost });
      expect(await queue.waitFor(job.key)).toMatchObject({
        status: 'cancelled',
        confirmedBy: 'status-query',
        steps: 2,
      });
      // A payment cancelled before the job ever ran stays a refusal: nothing to confirm.
      await world.connectors.liquido.cancelPayment({ paymentId: before });
      const other = await queue.enqueue({ connector: 'liquido', paymentId: before });
      expect(refusedOf(await queue.waitFor(other.key)).code).toBe('already_cancelled');
    });

    it('ends unresolved at the deadline, keeping the last state', async () => {
      const { world, queue } = await setup({
        world: { payermaxSettleMs: 60_000 },
        // Long enough for several checks (30 ms doubling to 200 ms) on a loaded machine too.
        connectors: { payermax: { deadlineMs: 2_000 } },
      });
      const paymentId = world.payermax.seedPayment();
      const job = await queue.enqueue({ connector: 'payermax', paymentId });
      const outcome = (await queue.waitFor(job.key, { timeoutMs: 20_000 })) as UnresolvedOutcome;
      expect(outcome).toMatchObject({
        status: 'unresolved',
        reason: 'deadline',
        lastState: { status: 'pending', providerStatus: 'PENDING' },
      });
      expect(outcome.finishedAt - outcome.enqueuedAt).toBeGreaterThanOrEqual(1_950);
      expect(outcome.steps).toBeGreaterThanOrEqual(3);
    });

    it('ends the wait early on a webhook event fed in', async () => {
      const { world, queue } = await setup({
        world: { payermaxSettleMs: 60_000 },
        connectors: { payermax: { followDelayMs: 60_000, followMaxDelayMs: 60_000 } },
      });
      const paymentId = world.payermax.seedPayment();
      const job = await queue.enqueue({ connector: 'payermax', paymentId });
      await eventually(
        async () => (await queue.counts()).payermax?.delayed === 1,
        'the job to wait for its next check',
      );
      // PayerMax's CANCEL notification, as it would send it once the cancel settled.
      const pending = JSON.parse(world.payermax.cancelNotification(paymentId).body);
      const notification = world.payermax.signNotification({
        ...pending,
        data: { ...pending.data, status: 'SUCCESS' },
      });
      const event = await world.connectors.payermax.verifyWebhook(notification);
      expect(event.status).toBe('cancelled');
      const started = Date.now();
      expect(await queue.observe(event)).toBe(true);
      const outcome = await queue.waitFor(job.key, { timeoutMs: 10_000 });
      expect(outcome).toMatchObject({ status: 'cancelled', confirmedBy: 'webhook' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await queue.observe({ ...event, paymentId: 'ORDERunknown' })).toBe(false);
    });

    it('wakes a waiting job on a webhook event that is not final, to ask again', async () => {
      const { world, queue } = await setup({
        world: { payermaxSettleMs: 300 },
        connectors: { payermax: { followDelayMs: 60_000, followMaxDelayMs: 60_000 } },
      });
      const paymentId = world.payermax.seedPayment();
      const job = await queue.enqueue({ connector: 'payermax', paymentId });
      await eventually(
        async () => (await queue.counts()).payermax?.delayed === 1,
        'the job to wait for its next check',
      );
      // A CANCEL notification saying PENDING (sent early, delivered late): not final.
      const event = await world.connectors.payermax.verifyWebhook(
        world.payermax.cancelNotification(paymentId),
      );
      expect(event.status).toBe('pending');
      await new Promise((r) => setTimeout(r, 350));
      expect(await queue.observe(event)).toBe(true);
      // The event woke the job; the repeated cancel found the cancel settled.
      expect(await queue.waitFor(job.key, { timeoutMs: 5000 })).toMatchObject({
        status: 'cancelled',
        confirmedBy: 'cancel',
      });
    });

    it('holds the per-connector concurrency', async () => {
      const { world, queue } = await setup({
        world: { latencyMs: 60 },
        connectors: { yabandpay: { concurrency: 3 } },
      });
      const jobs = await queue.enqueueMany(
        Array.from({ length: 12 }, () => ({
          connector: 'yabandpay',
          paymentId: world.yabandpay.seedPayment(),
        })),
      );
      await Promise.all(jobs.map((j) => queue.waitFor(j.key)));
      expect(world.inFlight.yabandpay!.max).toBe(3);
    });

    it('holds the per-connector rate limit, and only for that connector', async () => {
      const { world, queue } = await setup({ connectors: { yabandpay: { ratePerSecond: 2 } } });
      const limited = await queue.enqueueMany(
        Array.from({ length: 6 }, () => ({
          connector: 'yabandpay',
          paymentId: world.yabandpay.seedPayment(),
        })),
      );
      const free = await queue.enqueueMany(
        Array.from({ length: 15 }, () => ({
          connector: 'payermax',
          paymentId: world.payermax.seedPayment(),
        })),
      );
      await Promise.all([...free, ...limited].map((j) => queue.waitFor(j.key)));
      const at = (connector: string) =>
        world.requests.filter((r) => r.connector === connector).map((r) => r.at);
      const times = at('yabandpay');
      expect(times).toHaveLength(6);
      // Two a second: the fifth waits two windows after the first (a slow machine only adds).
      expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(1900);
      // PayerMax is not held behind them: all fifteen went out before the limiter let the
      // fifth YabandPay cancel go, two seconds in.
      expect(Math.max(...at('payermax'))).toBeLessThan(times[4]!);
    });

    it('refuses bad input and unknown connectors at enqueue', async () => {
      const { queue } = await setup();
      const codeOf = (p: Promise<unknown>) =>
        p.then(
          () => 'resolved',
          (e) => (PaykitError.isInstance(e) ? e.code : String(e)),
        );
      expect(await codeOf(queue.enqueue({ connector: 'nope', paymentId: 'p1' }))).toBe(
        'unknown_connector',
      );
      expect(await codeOf(queue.enqueue({ connector: 'yabandpay', paymentId: '' }))).toBe(
        'invalid_request',
      );
      expect(
        await codeOf(queue.enqueue({ connector: 'yabandpay', paymentId: 'p', requestId: 'a:b' })),
      ).toBe('invalid_request');
      expect(
        await codeOf(
          queue.enqueue({
            connector: 'yabandpay',
            paymentId: 'p',
            providerOptions: { yabandpay: 'x' } as never,
          }),
        ),
      ).toBe('invalid_request');
      // A misspelt connector key would have run a reversal instead of the silent cancel asked.
      expect(
        await codeOf(
          queue.enqueue({
            connector: 'yabandpay',
            paymentId: 'p',
            providerOptions: { yabandpy: { method: 'silent' } },
          }),
        ),
      ).toBe('invalid_request');
    });

    it('keeps no secret in any outcome, event or stored record', async () => {
      const { world, queue, seen } = await setup({ world: { payermaxSettleMs: 50 } });
      const inputs = [
        { connector: 'yabandpay', paymentId: world.yabandpay.seedPayment() },
        { connector: 'yabandpay', paymentId: world.yabandpay.seedPayment({ cleared: true }) },
        { connector: 'payermax', paymentId: world.payermax.seedPayment() },
        {
          connector: 'liquido',
          paymentId: world.liquido.seedCharge({
            country: 'BR',
            paymentMethod: 'PIX_DYNAMIC_QR',
            transferStatus: 'IN_PROGRESS',
          }),
        },
        {
          connector: 'liquido',
          paymentId: world.liquido.seedReference(),
          providerOptions: { liquido: { target: 'reference' } },
        },
      ];
      world.liquido.faults.inject({ type: 'status', status: 500 }, 1);
      const jobs = await queue.enqueueMany(inputs);
      const outcomes = await Promise.all(jobs.map((j) => queue.waitFor(j.key)));
      expect(outcomes.map((o) => o.status)).toEqual([
        'cancelled',
        'refused',
        'cancelled',
        'cancelled',
        'cancelled',
      ]);
      await eventually(() => seen.length >= jobs.length, 'every outcome event');
      const text = [
        JSON.stringify(outcomes),
        inspect(outcomes, { depth: 10, showHidden: true }),
        JSON.stringify(seen),
        (await backend.storedText?.()) ?? '',
      ].join('\n');
      for (const secret of world.secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(world.tokenPattern);
    });
  });
}
