import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionReset,
  createFaultInjector,
  createSimulator,
  type Fault,
  json,
  jsonStringAt,
  ownCredentials,
  type SimulatorContext,
  type SimulatorHandler,
  serveFetchHandler,
} from '../src/testing/index.js';

describe('createFaultInjector', () => {
  it('hands out faults first in, first out, each for as many requests as asked', () => {
    const faults = createFaultInjector();
    expect(faults.pending).toBe(0);
    expect(faults.next()).toBeUndefined();
    const a: Fault = { type: 'status', status: 503 };
    const b: Fault = { type: 'reset' };
    faults.inject(a, 2);
    faults.inject(b);
    faults.inject({ type: 'html' }, 0);
    expect(faults.pending).toBe(3);
    expect(faults.next()).toBe(a);
    expect(faults.pending).toBe(2);
    expect(faults.next()).toBe(a);
    expect(faults.next()).toBe(b);
    expect(faults.next()).toBeUndefined();
    expect(faults.pending).toBe(0);
  });

  it('clears what is queued', () => {
    const faults = createFaultInjector();
    faults.inject({ type: 'malformed' }, 5);
    faults.clear();
    expect(faults.pending).toBe(0);
    expect(faults.next()).toBeUndefined();
    faults.inject({ type: 'html' });
    expect(faults.next()).toEqual({ type: 'html' });
  });
});

describe('json', () => {
  it('answers JSON with the status and headers given', async () => {
    const response = json(
      { a: 1 },
      { status: 201, headers: { 'x-a': 'b', 'content-type': 'text/plain' } },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-a')).toBe('b');
    expect(await response.json()).toEqual({ a: 1 });
  });
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const ANSWER = { id: 'p1', state: 'cancelled', note: 'a long enough answer to cut in two' };

function handlerLog() {
  const calls: { method: string; path: string; body: string; context: SimulatorContext }[] = [];
  const handler: SimulatorHandler = async (request, context) => {
    calls.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: context.body,
      context,
    });
    if (context.fault?.name === 'teapot') return json({ custom: true }, { status: 418 });
    return json(ANSWER, { headers: { 'x-sim': 'yes' } });
  };
  return { calls, handler };
}

describe.each(['in-process', 'loopback'] as const)('createSimulator (%s)', (mode) => {
  async function setup() {
    const { calls, handler } = handlerLog();
    const sim = createSimulator(handler);
    let send: (path: string, init?: RequestInit) => Promise<Response>;
    let origin = 'https://sim.invalid';
    if (mode === 'in-process') {
      send = (path, init) => sim.fetch(`${origin}${path}`, init);
    } else {
      const server = await sim.listen();
      closers.push(server.close);
      origin = server.url;
      send = (path, init) => fetch(`${origin}${path}`, init);
    }
    const post = (
      path: string,
      body = '{"paymentId":"p1"}',
      headers: Record<string, string> = {},
    ) =>
      send(path, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });
    return { sim, calls, send, post, origin };
  }

  it('hands the request and its body to the handler and records it', async () => {
    const { sim, calls, post, send, origin } = await setup();
    const response = await post('/v1/cancel?x=1', '{"paymentId":"p1"}', { 'x-api-key': 'k-123' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-sim')).toBe('yes');
    expect(await response.json()).toEqual(ANSWER);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/cancel',
      body: '{"paymentId":"p1"}',
    });
    expect(calls[0]!.context.fault).toBeUndefined();
    await send('/v1/payments/p1');
    expect(sim.requests).toHaveLength(2);
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      url: `${origin}/v1/cancel?x=1`,
      path: '/v1/cancel',
      body: '{"paymentId":"p1"}',
    });
    expect(sim.requests[0]!.headers['x-api-key']).toBe('k-123');
    expect(sim.requests[0]!.headers['content-type']).toBe('application/json');
    expect(sim.requests[0]).not.toHaveProperty('fault');
    expect(sim.requests[1]).toMatchObject({ method: 'GET', path: '/v1/payments/p1', body: '' });
  });

  it('status: answers the status, body and headers given instead of the handler', async () => {
    const { sim, calls, post } = await setup();
    sim.faults.inject({ type: 'status', status: 503 });
    sim.faults.inject({
      type: 'status',
      status: 429,
      body: 'slow down',
      headers: { 'retry-after': '7' },
    });
    const first = await post('/cancel');
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual({ error: 'injected 503' });
    const second = await post('/cancel');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('7');
    expect(await second.text()).toBe('slow down');
    expect(calls).toHaveLength(0);
    expect((await post('/cancel')).status).toBe(200);
    expect(sim.requests.map((r) => r.fault)).toEqual(['status', 'status', undefined]);
  });

  it('delay: waits, then handles the request', async () => {
    const { sim, calls, post } = await setup();
    sim.faults.inject({ type: 'delay', ms: 150 });
    const started = performance.now();
    const response = await post('/cancel');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(await response.json()).toEqual(ANSWER);
    expect(calls).toHaveLength(1);
    expect(sim.requests[0]!.fault).toBe('delay');
  });

  it('delay: a client that gives up first sees its abort, and the handler is not run', async () => {
    const { sim, calls, post, send } = await setup();
    sim.faults.inject({ type: 'delay', ms: 30_000 });
    const started = performance.now();
    const error = await send('/cancel', {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(50),
    }).catch((e: unknown) => e);
    // Far below the delay, however loaded the machine.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect((error as Error).name).toBe('TimeoutError');
    // Give a loopback server the time to notice the closed connection.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(0);
    expect(sim.requests).toHaveLength(1);
    expect((await post('/cancel')).status).toBe(200);
  });

  it('reset: drops the connection, fetch fails like a network error', async () => {
    const { sim, calls, post } = await setup();
    sim.faults.inject({ type: 'reset' });
    const error = await post('/cancel').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(calls).toHaveLength(0);
    expect(sim.requests[0]!.fault).toBe('reset');
    // The simulator keeps serving afterwards.
    expect((await post('/cancel')).status).toBe(200);
  });

  it('reset: also when the handler throws ConnectionReset', async () => {
    const sim = createSimulator(async () => {
      throw new ConnectionReset();
    });
    let url = 'https://sim.invalid/x';
    let send = sim.fetch;
    if (mode === 'loopback') {
      const server = await sim.listen();
      closers.push(server.close);
      url = `${server.url}/x`;
      send = fetch;
    }
    const error = await send(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('malformed: answers 200 with JSON that does not parse', async () => {
    const { sim, calls, post } = await setup();
    sim.faults.inject({ type: 'malformed' });
    const response = await post('/cancel');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(calls).toHaveLength(0);
    expect(sim.requests[0]!.fault).toBe('malformed');
  });

  it('html: answers 200 with an HTML error page', async () => {
    const { sim, post } = await setup();
    sim.faults.inject({ type: 'html' });
    const response = await post('/cancel');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toMatch(/^<!doctype html>.*502 Bad Gateway/);
    expect(sim.requests[0]!.fault).toBe('html');
  });

  it('truncated: handles the request, then sends the first half of the answer', async () => {
    const { sim, calls, post } = await setup();
    sim.faults.inject({ type: 'truncated' });
    const response = await post('/cancel');
    const full = JSON.stringify(ANSWER);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-sim')).toBe('yes');
    const text = await response.text();
    expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(calls).toHaveLength(1);
    expect(sim.requests[0]!.fault).toBe('truncated');
  });

  it('content-type: handles the request, then answers with another content type', async () => {
    const { sim, calls, post } = await setup();
    sim.faults.inject({ type: 'content-type', contentType: 'text/plain; charset=utf-8' });
    const response = await post('/cancel');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-sim')).toBe('yes');
    expect(JSON.parse(await response.text())).toEqual(ANSWER);
    expect(calls).toHaveLength(1);
    expect(sim.requests[0]!.fault).toBe('content-type');
  });

  it('custom: passes the fault to the handler with the body', async () => {
    const { sim, calls, post } = await setup();
    sim.faults.inject({ type: 'custom', name: 'teapot' });
    const response = await post('/cancel', '{"x":1}');
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ custom: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.context).toEqual({
      body: '{"x":1}',
      fault: { type: 'custom', name: 'teapot' },
    });
    expect(sim.requests[0]!.fault).toBe('custom');
    expect((await post('/cancel')).status).toBe(200);
    expect(calls[1]!.context.fault).toBeUndefined();
  });

  it('applies queued faults to consecutive requests, then none', async () => {
    const { sim, post } = await setup();
    sim.faults.inject({ type: 'status', status: 500 }, 2);
    sim.faults.inject({ type: 'html' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('/cancel')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect(sim.requests.map((r) => r.fault)).toEqual(['status', 'status', 'html', undefined]);
    expect(sim.faults.pending).toBe(0);
  });
});

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
}

async function settles(check: () => boolean, ms = 2_000): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

describe('serveFetchHandler', () => {
  it('serves a fetch handler on 127.0.0.1 with method, url, headers and body', async () => {
    const server = await serveFetchHandler(async (request) =>
      json({
        method: request.method,
        url: request.url,
        header: request.headers.get('x-a'),
        body: request.method === 'GET' ? null : await request.text(),
      }),
    );
    closers.push(server.close);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const post = await fetch(`${server.url}/a/b?c=d`, {
      method: 'POST',
      headers: { 'x-a': '1' },
      body: 'héllo ✓',
    });
    expect(post.headers.get('content-length')).toBe(
      String(Buffer.byteLength(await post.clone().text())),
    );
    expect(await post.json()).toEqual({
      method: 'POST',
      url: `${server.url}/a/b?c=d`,
      header: '1',
      body: 'héllo ✓',
    });
    const get = await fetch(`${server.url}/x`);
    expect(await get.json()).toMatchObject({ method: 'GET', body: null });
  });

  it('answers 500 when the handler fails', async () => {
    const server = await serveFetchHandler(async () => {
      throw new Error('handler bug');
    });
    closers.push(server.close);
    const response = await fetch(server.url);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('simulator error');
  });

  it('close() ends kept-alive sockets at once and leaves no TCP handle open', async () => {
    const before = tcpHandles();
    const server = await serveFetchHandler(async () => json({ ok: true }));
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.url}/x`);
      expect(response.headers.get('connection')).toBe('keep-alive');
      await response.text();
    }
    expect(tcpHandles()).toBeGreaterThan(before);
    const started = performance.now();
    await server.close();
    // Without closeAllConnections the server would wait for the keep-alive timeout (5 s).
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(
      await settles(() => tcpHandles() <= before),
      `TCP handles: ${tcpHandles()} > ${before}`,
    ).toBe(true);
    await expect(fetch(`${server.url}/x`)).rejects.toThrow();
  });

  it('close() also ends a request still in flight', async () => {
    const before = tcpHandles();
    const sim = createSimulator(async () => json({ ok: true }));
    const server = await sim.listen();
    sim.faults.inject({ type: 'delay', ms: 60_000 });
    const pending = fetch(`${server.url}/slow`).then(
      () => 'answered',
      () => 'failed',
    );
    await settles(() => sim.requests.length === 1);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(await pending).toBe('failed');
    expect(await settles(() => tcpHandles() <= before)).toBe(true);
  });

  it('serves two simulators on two ports at once', async () => {
    const a = await createSimulator(async () => json({ who: 'a' })).listen();
    const b = await createSimulator(async () => json({ who: 'b' })).listen();
    closers.push(a.close, b.close);
    expect(a.url).not.toBe(b.url);
    expect(await (await fetch(a.url)).json()).toEqual({ who: 'a' });
    expect(await (await fetch(b.url)).json()).toEqual({ who: 'b' });
  });
});

describe('test kit helpers', () => {
  it('ownCredentials makes one set, on first use, and gives the same set after', () => {
    let made = 0;
    const kitCredentials = ownCredentials(() => ({ apiKey: `key-${++made}` }));
    expect(made).toBe(0);
    const first = kitCredentials();
    expect(kitCredentials()).toBe(first);
    expect(first).toEqual({ apiKey: 'key-1' });
    expect(made).toBe(1);
  });

  it('jsonStringAt reads a string at a path of a recorded JSON body, and nothing else', () => {
    const body = JSON.stringify({ data: { trade_id: 't1', amount: 10, nested: { id: 'n' } } });
    expect(jsonStringAt(body, 'data', 'trade_id')).toBe('t1');
    expect(jsonStringAt(body, 'data', 'nested', 'id')).toBe('n');
    expect(jsonStringAt(body, 'data', 'amount')).toBeUndefined();
    expect(jsonStringAt(body, 'data', 'missing')).toBeUndefined();
    expect(jsonStringAt(body, 'data', 'trade_id', 'deeper')).toBeUndefined();
    expect(jsonStringAt('not json', 'data')).toBeUndefined();
    expect(jsonStringAt('null', 'data')).toBeUndefined();
    expect(jsonStringAt('{"data":{}}', 'data', 'toString')).toBeUndefined();
  });
});
