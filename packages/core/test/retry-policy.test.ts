import { describe, expect, it } from 'vitest';
import { AttemptTimeout } from '../src/http/deadline.js';
import { type AttemptFailure, type RetryBudget, retryDelay } from '../src/http/retry-policy.js';
import { PaykitError } from '../src/index.js';

const policy = { maxRetries: 3, baseDelayMs: 100 };
const status = (code: number, headers: Record<string, string> = {}): AttemptFailure => ({
  kind: 'status',
  status: code,
  headers: new Headers(headers),
  text: '',
});
const thrown = (error: unknown): AttemptFailure => ({ kind: 'thrown', error });
const budget = (waitLeftMs = 10_000): RetryBudget => ({ waitLeftMs });

describe('retryDelay', () => {
  it('backs off exponentially with jitter between half and all of the step', () => {
    for (let retry = 1; retry <= 3; retry++) {
      const step = 100 * 2 ** (retry - 1);
      for (let i = 0; i < 50; i++) {
        const wait = retryDelay(status(502), retry, policy, budget())!;
        expect(wait).toBeGreaterThanOrEqual(step / 2);
        expect(wait).toBeLessThanOrEqual(step);
      }
    }
  });

  it('caps the backoff at 10 s', () => {
    const wait = retryDelay(status(500), 10, { maxRetries: 10, baseDelayMs: 5_000 }, budget());
    expect(wait).toBeLessThanOrEqual(10_000);
  });

  it('ends when the retries are spent', () => {
    expect(retryDelay(status(503), 4, policy, budget())).toBeUndefined();
    expect(retryDelay(status(503), 1, { ...policy, maxRetries: 0 }, budget())).toBeUndefined();
  });

  it('asks again only for busy or failed answers', () => {
    for (const code of [429, 500, 502, 503, 504])
      expect(retryDelay(status(code), 1, policy, budget())).toBeDefined();
    for (const code of [400, 404, 409, 501, 505])
      expect(retryDelay(status(code), 1, policy, budget())).toBeUndefined();
  });

  it('waits exactly what Retry-After asks while the budget lasts, then refuses', () => {
    const left = budget(5_000);
    expect(retryDelay(status(429, { 'retry-after': '3' }), 1, policy, left)).toBe(3_000);
    expect(left.waitLeftMs).toBe(2_000);
    expect(retryDelay(status(503, { 'retry-after': '3' }), 2, policy, left)).toBeUndefined();
    expect(left.refusedWait).toEqual({ waitMs: 3_000, leftMs: 2_000 });
  });

  it('takes the backoff for a Retry-After it cannot read, and ignores one on other statuses', () => {
    const unread = retryDelay(status(429, { 'retry-after': 'soon' }), 1, policy, budget())!;
    expect(unread).toBeLessThanOrEqual(100);
    const on500 = retryDelay(status(500, { 'retry-after': '60' }), 1, policy, budget())!;
    expect(on500).toBeLessThanOrEqual(100);
  });

  it('retries a network failure, never a timeout, a PaykitError or the runtime refusing', () => {
    expect(retryDelay(thrown(new TypeError('fetch failed')), 1, policy, budget())).toBeDefined();
    expect(retryDelay(thrown(new AttemptTimeout('late')), 1, policy, budget())).toBeUndefined();
    const paykit = new PaykitError({ code: 'invalid_response', connector: 'x', message: 'x' });
    expect(retryDelay(thrown(paykit), 1, policy, budget())).toBeUndefined();
    const refused = new TypeError("Failed to execute 'fetch': invalid header value");
    expect(retryDelay(thrown(refused), 1, policy, budget())).toBeUndefined();
  });
});
