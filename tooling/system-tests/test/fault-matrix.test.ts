import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CancelPaymentResult,
  type HttpHooks,
  type HttpRequestEvent,
  PaykitError,
} from '@paykit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYERMAX_KEY_FORMS } from '../src/canaries.js';
import { casesFor, matrixRuns, outcomeFor } from '../src/fault-cases.js';
import { CONNECTORS, createHarness, isCancelRequest } from '../src/harness.js';
import { createLeakWatch } from '../src/leak-watch.js';
import { renderFaultTable, withFaultTable } from '../src/reliability-doc.js';

const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'reliability.md');
const watch = createLeakWatch();
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  watch.captureConsole();
});
afterAll(() => {
  watch.stopConsole();
  process.off('unhandledRejection', onUnhandled);
});

const ran: string[] = [];
// Settings are copied when a connector is made, so the listener is looked up at each event.
let listener: ((event: HttpRequestEvent) => void) | undefined;
const hooks: HttpHooks = {
  ...watch.hooks,
  onRequest: (event) => {
    watch.hooks.onRequest(event);
    listener?.(event);
  },
};

describe.each(CONNECTORS)('fault matrix: %s over loopback HTTP', (name) => {
  for (const [index, c] of casesFor(name).entries()) {
    const outcome = outcomeFor(c, name);
    it(`${c.id}: ${outcome.result === 'success' ? 'resolves' : outcome.code}`, async () => {
      // PayerMax's privateKey takes turns in each of its forms, so that every form meets faults.
      const payermaxKeyForm = PAYERMAX_KEY_FORMS[index % PAYERMAX_KEY_FORMS.length]!;
      const h = await createHarness(name, {
        settings: { ...c.settings, retryBaseDelayMs: 1, hooks },
        payermaxKeyForm,
        ...(c.proxy ? { proxy: true } : {}),
      });
      const events: HttpRequestEvent[] = [];
      try {
        // A first cancel, so that the fault meets the cancel and not Liquido's token request.
        watch.inspect(await h.cancel({ paymentId: h.seed() }), 'warm-up result');
        const paymentId = h.seed();
        const requestId = `matrix${index}${name}${Date.now().toString(36)}abcdefghijklmnop`;
        const sentBefore = h.cancelRequests().length;
        const tokensBefore = h.sim.requests.length - sentBefore;
        listener = (event) => events.push(event);
        c.arrange(h);

        const started = performance.now();
        const settled = await h.cancel({ paymentId, requestId }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        const elapsed = performance.now() - started;
        listener = undefined;
        watch.inspect(settled.ok ? settled.value : settled.error, `${name} ${c.id} outcome`);

        // The outcome.
        if (outcome.result === 'success') {
          if (!settled.ok) throw settled.error;
          const result: CancelPaymentResult = settled.value;
          expect(result).toMatchObject({ connector: name, paymentId, requestId });
          expect(['cancelled', 'pending']).toContain(result.status);
        } else {
          expect(settled.ok, 'expected a rejection').toBe(false);
          const error = (settled as { error: unknown }).error;
          expect(PaykitError.isInstance(error), String(error)).toBe(true);
          expect(error).toMatchObject({
            code: outcome.code,
            retryable: outcome.retryable,
            connector: name,
            requestId,
          });
        }

        // The first call's attempts, before the merchant's own retry (which signs anew).
        const firstCall = h.cancelRequests().slice(sentBefore);
        if (c.merchantRetry) {
          const retry = outcomeFor({ ...c, outcome: c.merchantRetry }, name);
          const again = await h.cancel({ paymentId, requestId }).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          watch.inspect(again.ok ? again.value : again.error, `${name} ${c.id} retry`);
          if (retry.result === 'success') {
            if (!again.ok) throw again.error;
            expect(again.value).toMatchObject({ connector: name, paymentId, requestId });
            expect(again.value.status).toBe('cancelled');
          } else {
            expect(again.ok, 'expected the retry to be refused').toBe(false);
            expect((again as { error: unknown }).error).toMatchObject({
              code: retry.code,
              retryable: retry.retryable,
              requestId,
            });
          }
        }

        // The attempts: how many, and each one of a call the identical request.
        const attempts = h.cancelRequests().slice(sentBefore);
        expect(attempts).toHaveLength(c.attempts);
        for (const attempt of firstCall) {
          expect(attempt.body).toBe(firstCall[0]!.body);
          expect(attempt.url).toBe(firstCall[0]!.url);
          const { authorization: _a, ...headers } = attempt.headers;
          const { authorization: _b, ...first } = firstCall[0]!.headers;
          expect(headers).toEqual(first);
        }
        // Where the provider has a request id on the wire (Liquido has none), it is this one.
        if (h.kit.wireRequestId) {
          for (const attempt of attempts) expect(h.wireRequestId(attempt)).toBe(requestId);
        }
        const cancelEvents = events.filter((e) =>
          isCancelRequest(name, { path: new URL(e.url).pathname, body: e.body }),
        );
        expect(cancelEvents).toHaveLength(firstCall.length);
        for (const event of cancelEvents) expect(event.requestId).toBe(requestId);
        if (c.id === 'token-expired') {
          expect(h.sim.requests.length - h.cancelRequests().length - tokensBefore).toBe(1);
        }

        // The time, and what the provider holds now.
        expect(elapsed).toBeLessThanOrEqual(c.budgetMs);
        if (c.minMs) expect(elapsed).toBeGreaterThanOrEqual(c.minMs);
        expect(h.state(paymentId)).toBe(c.provider);
        ran.push(`${name}:${c.id}`);
      } finally {
        await h.close();
      }
    });
  }
});

describe('fault matrix: the whole run', () => {
  it('ran every case against every connector of the manifest it applies to', () => {
    expect(ran.sort()).toEqual(matrixRuns().sort());
  });

  it('leaked no secret into errors, results, hook events or console lines', () => {
    expect(watch.counts.values).toBeGreaterThan(ran.length);
    expect(watch.counts.events).toBeGreaterThan(ran.length * 2);
    expect(watch.leaks).toEqual([]);
  });

  it('raised no unhandled rejection', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    unhandled = [];
  });

  it('docs/reliability.md shows the same table (UPDATE_DOCS=1 rewrites it)', () => {
    const table = renderFaultTable();
    mkdirSync(join(import.meta.dirname, '..', 'test-output'), { recursive: true });
    writeFileSync(
      join(import.meta.dirname, '..', 'test-output', 'reliability-table.md'),
      `${table}\n`,
    );
    const doc = readFileSync(DOC, 'utf8');
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, withFaultTable(doc, table));
    expect(withFaultTable(readFileSync(DOC, 'utf8'), table)).toBe(readFileSync(DOC, 'utf8'));
  });
});
