import { inspect } from 'node:util';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import {
  commonSettingsSchema,
  createConnectorRuntime,
  createRedactor,
  providerOptionsFor,
  readJson,
} from '../src/connector/index.js';
import {
  coreVersion,
  createHttpClient,
  type HttpClientSettings,
  userAgent,
} from '../src/http/index.js';
import {
  type HttpErrorEvent,
  type HttpRequestEvent,
  type HttpResponseEvent,
  PaykitError,
} from '../src/index.js';
import {
  createSimulator,
  json,
  rejection as rejectionOf,
  type SimulatorHandler,
} from '../src/testing/index.js';

const API_KEY = 'sk_test_http_layer_secret_0123456789';
const ACCESS_TOKEN = 'at_runtime_token_abcdefghijklmnop';

// Every error raised in this file, checked for secrets at the end.
const raised: unknown[] = [];
async function rejection(promise: Promise<unknown>): Promise<PaykitError> {
  const error = await rejectionOf(promise);
  raised.push(error);
  return error;
}

/** Echoes what it received, and the secret too, so that redaction has something to hide. */
const echo: SimulatorHandler = async (request, { body }) =>
  json(
    {
      ok: true,
      method: request.method,
      path: new URL(request.url).pathname,
      body,
      leaked: API_KEY,
    },
    { headers: { 'x-echo': API_KEY } },
  );

type Mode = 'in-process' | 'loopback';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup(
  mode: Mode,
  settings: Partial<HttpClientSettings> = {},
  handler: SimulatorHandler = echo,
  basePath = '/api/v2/',
) {
  const sim = createSimulator(handler);
  let origin = 'https://acme.invalid';
  if (mode === 'loopback') {
    const server = await sim.listen();
    closers.push(server.close);
    origin = server.url;
  }
  const redactor = createRedactor([API_KEY]);
  const http = createHttpClient({
    connector: 'acme',
    connectorVersion: '1.2.3',
    baseUrl: `${origin}${basePath}`,
    timeoutMs: 10_000,
    maxRetries: 2,
    redactor,
    retryBaseDelayMs: 1,
    ...(mode === 'in-process' ? { fetch: sim.fetch } : {}),
    ...settings,
  });
  return { sim, http, origin, redactor };
}

const signedBody = () => ({
  body: JSON.stringify({ paymentId: 'p1', apiKey: API_KEY }),
  headers: { 'x-signature': 'sig-1' },
  signing: { stringToSign: `paymentId=p1&key=${API_KEY}`, signature: 'sig-1' },
});

describe.each(['in-process', 'loopback'] as const)('HTTP client (%s)', (mode) => {
  it('sends method, headers and body, and resolves with status, headers, text, attempts and url', async () => {
    const { sim, http, origin } = await setup(mode);
    const result = await http.request({
      method: 'POST',
      url: '/payments/p1/cancel',
      headers: { 'x-api-key': API_KEY },
      body: signedBody(),
      requestId: 'req-1',
    });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(1);
    expect(result.url).toBe(`${origin}/api/v2/payments/p1/cancel`);
    expect(result.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(result.text)).toMatchObject({
      method: 'POST',
      path: '/api/v2/payments/p1/cancel',
    });
    expect(sim.requests).toHaveLength(1);
    const [sent] = sim.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.body).toBe(signedBody().body);
    expect(sent!.headers).toMatchObject({
      'x-api-key': API_KEY,
      'x-signature': 'sig-1',
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': `paykit/${pkg.version} acme/1.2.3`,
    });
  });

  it('sends a GET without a body or content type', async () => {
    const { sim, http } = await setup(mode);
    const result = await http.request({ method: 'GET', url: '/payments/p1' });
    expect(result.status).toBe(200);
    expect(sim.requests[0]!.method).toBe('GET');
    expect(sim.requests[0]!.body).toBe('');
    expect(sim.requests[0]!.headers['content-type']).toBeUndefined();
  });

  it('lets the caller override the default headers', async () => {
    const { sim, http } = await setup(mode);
    await http.request({
      method: 'POST',
      url: '/form',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: '*/*' },
      body: { body: 'a=1' },
    });
    expect(sim.requests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sim.requests[0]!.headers.accept).toBe('*/*');
  });

  it('joins paths below a baseUrl with a path and a trailing slash, and takes absolute URLs as they are', async () => {
    const { sim, http, origin } = await setup(mode, {}, echo, '/api/v2///');
    await http.request({ method: 'GET', url: '/payments/p1' });
    await http.request({ method: 'GET', url: 'payments/p2' });
    await http.request({ method: 'GET', url: `${origin}/oauth2/token?x=1` });
    await http.request({ method: 'GET', url: '/payments/p3?expand=all' });
    expect(sim.requests.map((r) => r.url)).toEqual([
      `${origin}/api/v2/payments/p1`,
      `${origin}/api/v2/payments/p2`,
      `${origin}/oauth2/token?x=1`,
      `${origin}/api/v2/payments/p3?expand=all`,
    ]);
  });

  it('joins paths below a baseUrl without a path', async () => {
    const { sim, http, origin } = await setup(mode, {}, echo, '');
    const result = await http.request({ method: 'GET', url: '/cancel' });
    expect(result.url).toBe(`${origin}/cancel`);
    expect(sim.requests[0]!.path).toBe('/cancel');
  });

  it('retries 500, 502, 503 and 504, sending the identical request each time', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 4 });
    for (const status of [500, 502, 503, 504]) sim.faults.inject({ type: 'status', status });
    const result = await http.request({
      method: 'POST',
      url: '/cancel',
      headers: { 'x-api-key': API_KEY, 'x-request-id': 'req-7' },
      body: signedBody(),
      requestId: 'req-7',
    });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(5);
    expect(sim.requests.map((r) => r.fault)).toEqual([
      'status',
      'status',
      'status',
      'status',
      undefined,
    ]);
    const [first, ...rest] = sim.requests;
    for (const attempt of rest) {
      expect(attempt.body).toBe(first!.body);
      expect(attempt.headers).toEqual(first!.headers);
      expect(attempt.url).toBe(first!.url);
      expect(attempt.method).toBe('POST');
    }
  });

  it('gives up after maxRetries with provider_unavailable', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2 });
    sim.faults.inject(
      { type: 'status', status: 503, body: `{"error":"down","key":"${API_KEY}"}` },
      3,
    );
    const error = await rejection(
      http.request({ method: 'POST', url: '/cancel', body: { body: '{}' }, requestId: 'req-2' }),
    );
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
    expect(error.httpStatus).toBe(503);
    expect(error.connector).toBe('acme');
    expect(error.requestId).toBe('req-2');
    expect(error.message).toContain('HTTP 503');
    expect(error.message).toContain('after 3 attempts');
    expect(error.providerMessage).toContain('down');
    expect(error.providerMessage).not.toContain(API_KEY);
    expect(sim.requests).toHaveLength(3);
    expect(sim.faults.pending).toBe(0);
  });

  it('cuts a long provider message after redacting it, so no part of a secret survives', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 0 });
    sim.faults.inject({
      type: 'status',
      status: 500,
      body: `${'x'.repeat(290)}${API_KEY} and more`,
    });
    const error = await rejection(http.request({ method: 'GET', url: '/p' }));
    expect(error.providerMessage).toHaveLength(300);
    expect(error.providerMessage).toMatch(/^x{290}\[REDACTED\]/);
    expect(error.providerMessage).not.toContain(API_KEY.slice(0, 6));
  });

  it('does not retry at all with maxRetries 0', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 0 });
    sim.faults.inject({ type: 'status', status: 500 }, 2);
    const error = await rejection(
      http.request({ method: 'POST', url: '/cancel', body: { body: '{}' } }),
    );
    expect(error.code).toBe('provider_unavailable');
    expect(error.httpStatus).toBe(500);
    expect(error.message).toContain('after 1 attempt.');
    expect(sim.requests).toHaveLength(1);
  });

  it('honours Retry-After on 429 and ends in rate_limited', async () => {
    const times: number[] = [];
    const { sim, http } = await setup(mode, {
      maxRetries: 1,
      hooks: { onRequest: () => times.push(performance.now()) },
    });
    sim.faults.inject({ type: 'status', status: 429, headers: { 'retry-after': '1' } }, 2);
    const error = await rejection(
      http.request({ method: 'POST', url: '/cancel', body: { body: '{}' } }),
    );
    expect(error.code).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.httpStatus).toBe(429);
    expect(error.message).toContain('after 2 attempts');
    expect(sim.requests).toHaveLength(2);
    expect(times).toHaveLength(2);
    const waited = times[1]! - times[0]!;
    expect(waited).toBeGreaterThanOrEqual(900);
    // Generous: below the 10 s most a wait may take, which is what an ignored header would cost.
    expect(waited).toBeLessThan(9_000);
  });

  it('retries a 429 without Retry-After on the backoff and then succeeds', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2 });
    sim.faults.inject({ type: 'status', status: 429 });
    const result = await http.request({ method: 'GET', url: '/p' });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(2);
  });

  it('maps no answer in time to timeout, retryable, without retrying', async () => {
    const { sim, http } = await setup(mode, { timeoutMs: 500, maxRetries: 2 });
    sim.faults.inject({ type: 'delay', ms: 60_000 }, 3);
    const started = performance.now();
    const error = await rejection(
      http.request({ method: 'POST', url: '/cancel', body: { body: '{}' }, requestId: 'req-t' }),
    );
    // Far below the delay, however loaded the machine: the timeout cut it.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.requestId).toBe('req-t');
    expect(error.message).toContain('500 ms');
    expect(sim.requests).toHaveLength(1);
  });

  it('maps a dropped connection to network_error after retrying it', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2 });
    sim.faults.inject({ type: 'reset' }, 3);
    const error = await rejection(
      http.request({ method: 'POST', url: '/cancel', body: { body: '{}' } }),
    );
    expect(error.code).toBe('network_error');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('after 3 attempts');
    expect(error.httpStatus).toBeUndefined();
    expect(sim.requests).toHaveLength(3);
    expect(sim.requests.every((r) => r.fault === 'reset')).toBe(true);
  });

  it('recovers from one dropped connection', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2 });
    sim.faults.inject({ type: 'reset' });
    const result = await http.request({
      method: 'POST',
      url: '/cancel',
      body: { body: '{"a":1}' },
    });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(2);
    expect(sim.requests.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
  });

  it.each([400, 401, 403, 404, 409, 422])(
    'resolves HTTP %d with its status and text, without retrying',
    async (status) => {
      const { sim, http } = await setup(mode, { maxRetries: 2 });
      sim.faults.inject({ type: 'status', status, body: `{"code":"E${status}"}` });
      const result = await http.request({ method: 'POST', url: '/cancel', body: { body: '{}' } });
      expect(result.status).toBe(status);
      expect(result.text).toBe(`{"code":"E${status}"}`);
      expect(result.attempts).toBe(1);
      expect(sim.requests).toHaveLength(1);
      expect(readJson(result, { connector: 'acme' })).toEqual({ code: `E${status}` });
    },
  );

  it('aborts when the caller aborts: network_error, not retryable', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2 });
    sim.faults.inject({ type: 'delay', ms: 60_000 }, 3);
    const controller = new AbortController();
    // Abort once the request has reached the simulator, however slow the machine is.
    void (async () => {
      while (sim.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
    })();
    const started = performance.now();
    const error = await rejection(
      http.request({
        method: 'POST',
        url: '/cancel',
        body: { body: '{}' },
        signal: controller.signal,
      }),
    );
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(error.code).toBe('network_error');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('aborted by the caller');
    expect(sim.requests).toHaveLength(1);
  });

  it('aborts with any abort reason of the caller, and before sending when aborted already', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2 });
    sim.faults.inject({ type: 'delay', ms: 60_000 }, 3);
    const controller = new AbortController();
    // Abort once the request has reached the simulator, however slow the machine is.
    void (async () => {
      while (sim.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(new Error('the user gave up'));
    })();
    const custom = await rejection(
      http.request({
        method: 'POST',
        url: '/cancel',
        body: { body: '{}' },
        signal: controller.signal,
      }),
    );
    expect(custom.code).toBe('network_error');
    expect(custom.retryable).toBe(false);
    expect(sim.requests).toHaveLength(1);

    sim.faults.clear();
    const timedOut = await rejection(
      http.request({
        method: 'POST',
        url: '/cancel',
        body: { body: '{}' },
        signal: AbortSignal.abort(),
      }),
    );
    expect(timedOut.code).toBe('network_error');
    expect(timedOut.retryable).toBe(false);
    // Fetch refuses an aborted request before sending anything.
    expect(sim.requests).toHaveLength(1);
  });

  it('gives hooks redacted headers, bodies and signing, with attempt numbers', async () => {
    const requests: HttpRequestEvent[] = [];
    const responses: HttpResponseEvent[] = [];
    const errors: HttpErrorEvent[] = [];
    const { sim, http, redactor } = await setup(mode, {
      maxRetries: 2,
      hooks: {
        onRequest: (e) => requests.push(e),
        onResponse: (e) => responses.push(e),
        onError: (e) => errors.push(e),
      },
    });
    redactor.addSecret(ACCESS_TOKEN);
    sim.faults.inject({ type: 'status', status: 503, body: `{"echo":"${API_KEY}"}` });
    const result = await http.request({
      method: 'POST',
      url: `/cancel?key=${API_KEY}`,
      headers: {
        authorization: `Bearer ${ACCESS_TOKEN}`,
        'x-api-key': API_KEY,
        'x-custom': `k=${API_KEY}`,
      },
      body: signedBody(),
      requestId: 'req-h',
    });
    expect(result.attempts).toBe(2);
    // The real request carried the secrets.
    expect(sim.requests[1]!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

    expect(requests.map((e) => e.attempt)).toEqual([1, 2]);
    expect(responses.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(errors).toEqual([]);
    for (const e of requests) {
      expect(e).toMatchObject({ connector: 'acme', method: 'POST', requestId: 'req-h' });
      expect(e.headers.authorization).toBe('[REDACTED]');
      expect(e.headers['x-api-key']).toBe('[REDACTED]');
      expect(e.headers['x-custom']).toBe('k=[REDACTED]');
      expect(e.headers['x-signature']).toBe('sig-1');
      expect(e.headers['user-agent']).toBe(`paykit/${pkg.version} acme/1.2.3`);
      expect(e.body).toBe(JSON.stringify({ paymentId: 'p1', apiKey: '[REDACTED]' }));
      expect(e.signing).toEqual({
        stringToSign: 'paymentId=p1&key=[REDACTED]',
        signature: 'sig-1',
      });
      expect(e.url).toContain('/cancel?key=[REDACTED]');
    }
    for (const e of responses) {
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.url).toContain('/cancel?key=[REDACTED]');
    }
    expect(responses[0]!.body).toBe('{"echo":"[REDACTED]"}');
    expect(responses[1]!.headers['x-echo']).toBe('[REDACTED]');
    expect(JSON.parse(responses[1]!.body)).toMatchObject({ leaked: '[REDACTED]' });
    const everything = JSON.stringify([requests, responses]);
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(ACCESS_TOKEN);
    // The caller still gets the real answer.
    expect(JSON.parse(result.text)).toMatchObject({ leaked: API_KEY });
  });

  it('reports failures to onError with the final attempt number', async () => {
    const requests: number[] = [];
    const errors: HttpErrorEvent[] = [];
    const { sim, http } = await setup(mode, {
      maxRetries: 1,
      hooks: { onRequest: (e) => requests.push(e.attempt), onError: (e) => errors.push(e) },
    });
    sim.faults.inject({ type: 'reset' }, 2);
    const error = await rejection(
      http.request({
        method: 'POST',
        url: `/cancel?key=${API_KEY}`,
        body: { body: '{}' },
        requestId: 'req-e',
      }),
    );
    expect(requests).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      connector: 'acme',
      attempt: 2,
      method: 'POST',
      code: 'network_error',
      message: error.message,
      requestId: 'req-e',
    });
    expect(JSON.stringify(errors)).not.toContain(API_KEY);
  });

  it('keeps going when a hook throws: observers cannot break the traffic', async () => {
    const { sim, http } = await setup(mode, {
      hooks: {
        onRequest: () => {
          throw new Error('logger down');
        },
        onResponse: () => {
          throw new Error('logger down');
        },
        onError: () => {
          throw new Error('logger down');
        },
      },
    });
    const result = await http.request({ method: 'POST', url: '/cancel', body: { body: '{}' } });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(1);
    expect(sim.requests).toHaveLength(1);
    sim.faults.inject({ type: 'status', status: 503 }, 3);
    expect((await rejection(http.request({ method: 'GET', url: '/p' }))).code).toBe(
      'provider_unavailable',
    );
  });

  it('re-prepares a stale body on retry (maxAgeMs 0)', async () => {
    let prepared = 0;
    const requests: HttpRequestEvent[] = [];
    const { sim, http } = await setup(mode, {
      maxRetries: 2,
      retryBaseDelayMs: 10,
      hooks: { onRequest: (e) => requests.push(e) },
    });
    sim.faults.inject({ type: 'status', status: 503 }, 2);
    const make = (n: number) => ({
      body: JSON.stringify({ n, time: `t${n}` }),
      headers: { 'x-signature': `sig-${n}` },
      signing: { stringToSign: `n=${n}`, signature: `sig-${n}` },
    });
    const result = await http.request({
      method: 'POST',
      url: '/cancel',
      headers: { 'x-request-id': 'req-r' },
      body: make(0),
      refresh: { maxAgeMs: 0, prepare: async () => make(++prepared) },
    });
    expect(result.status).toBe(200);
    expect(prepared).toBe(2);
    expect(sim.requests.map((r) => r.body)).toEqual([make(0).body, make(1).body, make(2).body]);
    expect(sim.requests.map((r) => r.headers['x-signature'])).toEqual(['sig-0', 'sig-1', 'sig-2']);
    // What does not belong to the body stays.
    expect(sim.requests.map((r) => r.headers['x-request-id'])).toEqual(['req-r', 'req-r', 'req-r']);
    expect(sim.requests.map((r) => r.headers['user-agent'])).toEqual(
      Array(3).fill(`paykit/${pkg.version} acme/1.2.3`),
    );
    expect(requests.map((e) => e.signing?.signature)).toEqual(['sig-0', 'sig-1', 'sig-2']);
    expect(requests.map((e) => e.body)).toEqual([make(0).body, make(1).body, make(2).body]);
  });

  it('keeps a fresh body on retry (maxAgeMs 60000)', async () => {
    let prepared = 0;
    const { sim, http } = await setup(mode, { maxRetries: 2, retryBaseDelayMs: 10 });
    sim.faults.inject({ type: 'status', status: 503 }, 2);
    const result = await http.request({
      method: 'POST',
      url: '/cancel',
      body: { body: '{"n":0}', headers: { 'x-signature': 'sig-0' } },
      refresh: {
        maxAgeMs: 60_000,
        prepare: async () => ({ body: `{"n":${++prepared}}`, headers: { 'x-signature': 'other' } }),
      },
    });
    expect(result.attempts).toBe(3);
    expect(prepared).toBe(0);
    expect(sim.requests.map((r) => r.body)).toEqual(['{"n":0}', '{"n":0}', '{"n":0}']);
    expect(sim.requests.map((r) => r.headers['x-signature'])).toEqual(['sig-0', 'sig-0', 'sig-0']);
  });

  it('passes a PaykitError thrown by refresh through unchanged', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2, retryBaseDelayMs: 5 });
    sim.faults.inject({ type: 'status', status: 503 });
    const error = await rejection(
      http.request({
        method: 'POST',
        url: '/cancel',
        body: { body: '{}' },
        refresh: {
          maxAgeMs: 0,
          prepare: async () => {
            throw new PaykitError({
              code: 'configuration_error',
              message: 'key unusable',
              connector: 'acme',
            });
          },
        },
      }),
    );
    expect(error.code).toBe('configuration_error');
    expect(error.message).toBe('key unusable');
    expect(sim.requests).toHaveLength(1);
  });

  it('never puts a secret in a network error message', async () => {
    const { http } = await setup(mode, { maxRetries: 0 }, async () => {
      throw new Error(`upstream rejected key ${API_KEY}`);
    });
    const error = await rejection(http.request({ method: 'GET', url: `/p?key=${API_KEY}` }));
    // In-process the handler's error is a failed fetch; over loopback the simulator answers 500.
    if (mode === 'in-process') {
      expect(error.code).toBe('network_error');
      expect(error.message).toBe(
        `Could not reach acme after 1 attempt: upstream rejected key [REDACTED].`,
      );
    } else {
      expect(error.code).toBe('provider_unavailable');
    }
    expect(error.message).not.toContain(API_KEY);
  });

  it('answers a 5xx that is not retried (501) with provider_unavailable at once', async () => {
    const { sim, http } = await setup(mode, { maxRetries: 2 });
    sim.faults.inject({ type: 'status', status: 501 }, 3);
    const error = await rejection(
      http.request({ method: 'POST', url: '/cancel', body: { body: '{}' } }),
    );
    expect(error.code).toBe('provider_unavailable');
    expect(error.httpStatus).toBe(501);
    expect(sim.requests).toHaveLength(1);
  });

  it.each([
    ['malformed', { type: 'malformed' }],
    ['html', { type: 'html' }],
    ['truncated', { type: 'truncated' }],
  ] as const)(
    'resolves a %s answer, which readJson refuses as invalid_response',
    async (_, fault) => {
      const { sim, http } = await setup(mode);
      sim.faults.inject(fault);
      const result = await http.request({ method: 'GET', url: '/p', requestId: 'req-j' });
      expect(result.status).toBe(200);
      expect(result.attempts).toBe(1);
      let error: unknown;
      try {
        readJson(result, { connector: 'acme', requestId: 'req-j' });
      } catch (e) {
        error = e;
      }
      raised.push(error);
      expect(PaykitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'invalid_response',
        connector: 'acme',
        httpStatus: 200,
        requestId: 'req-j',
        retryable: false,
      });
    },
  );
});

describe('providerOptionsFor', () => {
  it('returns the options addressed to one connector, or an empty object', () => {
    const input = { providerOptions: { acme: { target: 'reference' } } };
    expect(providerOptionsFor(input, 'acme')).toEqual({ target: 'reference' });
    expect(providerOptionsFor({ providerOptions: {} }, 'acme')).toEqual({});
    expect(providerOptionsFor({}, 'acme')).toEqual({});
    expect(providerOptionsFor(undefined, 'acme')).toEqual({});
    expect(providerOptionsFor({ providerOptions: { acme: undefined as never } }, 'acme')).toEqual(
      {},
    );
  });

  it('returns a fresh object of own properties only', () => {
    const entry = Object.assign(Object.create({ method: 'silent' }), { tid: 'T1' });
    const input = { providerOptions: { acme: entry } };
    const options = providerOptionsFor(input, 'acme');
    expect(options).toEqual({ tid: 'T1' });
    expect('method' in options).toBe(false);
    expect(options).not.toBe(entry);
    // An inherited connector entry is not addressed to the connector either.
    const all = Object.create({ acme: { method: 'silent' } });
    expect(providerOptionsFor({ providerOptions: all }, 'acme')).toEqual({});
  });

  it("refuses a key other than the connector's: a misspelt id must not run the default", () => {
    const input = { providerOptions: { acme: {}, acmee: { method: 'silent' } } };
    expect(() => providerOptionsFor(input, 'acme', 'r1')).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        connector: 'acme',
        requestId: 'r1',
        message: 'Invalid acme input: providerOptions may hold only "acme", not "acmee".',
        issues: ["providerOptions.acmee: not this connector's key"],
      }),
    );
  });

  it.each([
    ['providerOptions', 'silent'],
    ['providerOptions', []],
    ['providerOptions', null],
    ['providerOptions.acme', { acme: null }],
    ['providerOptions.acme', { acme: 'silent' }],
    ['providerOptions.acme', { acme: [] }],
    ['providerOptions.acme', { acme: new Map() }],
    ['providerOptions.acme', { acme: () => {} }],
  ])('refuses %s = %o with invalid_request', (path, providerOptions) => {
    let error: unknown;
    try {
      providerOptionsFor({ providerOptions } as never, 'acme', 'req-1');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'invalid_request',
      connector: 'acme',
      requestId: 'req-1',
      message: `Invalid acme input: ${path} must be a plain object.`,
    });
  });
});

describe('user agent', () => {
  it('is paykit/<core version> <connector>/<version>', () => {
    expect(coreVersion).toBe(pkg.version);
    expect(userAgent('liquido', '0.3.1')).toBe(`paykit/${pkg.version} liquido/0.3.1`);
  });
});

describe('createConnectorRuntime', () => {
  const baseUrls = {
    sandbox: 'https://sandbox.acme.invalid/v1',
    production: 'https://acme.invalid/v1',
  };

  it('picks the environment URL, sandbox by default, and baseUrl over both', () => {
    const make = (settings: unknown) =>
      createConnectorRuntime({
        connector: 'acme',
        connectorVersion: '1.0.0',
        settings: v.parse(commonSettingsSchema, settings),
        baseUrls,
        secrets: [API_KEY],
      });
    expect(make({})).toMatchObject({ environment: 'sandbox', baseUrl: baseUrls.sandbox });
    expect(make({ environment: 'production' })).toMatchObject({
      environment: 'production',
      baseUrl: baseUrls.production,
    });
    expect(make({ environment: 'production', baseUrl: 'http://127.0.0.1:9/x' }).baseUrl).toBe(
      'http://127.0.0.1:9/x',
    );
  });

  it.each(['in-process', 'loopback'] as const)(
    'wires settings, secrets and hooks into one HTTP client (%s)',
    async (mode) => {
      const sim = createSimulator(echo);
      let baseUrl: string | undefined;
      if (mode === 'loopback') {
        const server = await sim.listen();
        closers.push(server.close);
        baseUrl = `${server.url}/v1/`;
      }
      const seen: HttpRequestEvent[] = [];
      const runtime = createConnectorRuntime({
        connector: 'acme',
        connectorVersion: '2.0.0',
        settings: v.parse(commonSettingsSchema, {
          ...(mode === 'in-process' ? { fetch: sim.fetch } : { baseUrl }),
          maxRetries: 1,
          timeoutMs: 2_000,
          retryBaseDelayMs: 1,
          hooks: { onRequest: (e: HttpRequestEvent) => seen.push(e) },
        }),
        baseUrls,
        secrets: [API_KEY, undefined],
      });
      expect(runtime.http.redactor).toBe(runtime.redactor);
      expect(runtime.redactor.redactString(API_KEY)).toBe('[REDACTED]');
      sim.faults.inject({ type: 'status', status: 502 }, 2);
      const error = await rejection(
        runtime.http.request({
          method: 'POST',
          url: '/cancel',
          headers: { 'x-token': API_KEY },
          body: { body: '{}' },
        }),
      );
      expect(error.code).toBe('provider_unavailable');
      expect(sim.requests).toHaveLength(2);
      expect(sim.requests[0]!.url).toMatch(/\/v1\/cancel$/);
      expect(sim.requests[0]!.headers['user-agent']).toBe(`paykit/${pkg.version} acme/2.0.0`);
      expect(seen.map((e) => e.headers['x-token'])).toEqual(['[REDACTED]', '[REDACTED]']);

      sim.faults.inject({ type: 'delay', ms: 60_000 });
      expect((await rejection(runtime.http.request({ method: 'GET', url: '/p' }))).code).toBe(
        'timeout',
      );
    },
  );
});

// Last, as in the conformance suite: vitest runs a file's tests in order.
it('puts no secret in any error raised above, however it is looked at', () => {
  expect(raised.length).toBeGreaterThan(20);
  for (const error of raised) {
    const views = [
      String((error as Error).message),
      String((error as Error).stack),
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
    ];
    for (const view of views) {
      expect(view).not.toContain(API_KEY);
      expect(view).not.toContain(ACCESS_TOKEN);
    }
  }
});
