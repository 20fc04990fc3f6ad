import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedactor } from '../src/connector/index.js';
import { createHttpClient } from '../src/http/index.js';
import type { HttpResponseEvent } from '../src/index.js';
import { rejection } from '../src/testing/index.js';

// What each attempt does beyond ky's own: the body is read inside the attempt (so the timeout
// covers it, and a body cut short is a failed attempt), fetch gets the URL and the body string,
// and a signal that is not an AbortSignal is refused before anything is sent.

type Step = (res: import('node:http').ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A raw node:http server that plays `steps` in order, one per request, then answers 200. */
async function rawServer(steps: Step[]) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      seen.push(body);
      const step = steps.shift();
      if (step) return step(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

const client = (baseUrl: string, extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
  createHttpClient({
    connector: 'acme',
    connectorVersion: '1.0.0',
    baseUrl,
    timeoutMs: 5_000,
    maxRetries: 2,
    retryBaseDelayMs: 1,
    redactor: createRedactor([]),
    ...extra,
  });

// Headers and half of the body, then nothing: the connection stays open.
const stallMidBody: Step = (res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '40' });
  res.write('{"status":"CANCEL');
};
// Headers and half of the body, then the connection is dropped.
const cutMidBody: Step = (res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '40' });
  res.write('{"status":"CANCEL');
  setTimeout(() => res.socket?.destroy(), 10);
};

describe('HTTP client: each attempt', () => {
  it('times out a body that stalls after the headers, within timeoutMs', async () => {
    const server = await rawServer([stallMidBody]);
    const started = performance.now();
    const error = await rejection(
      client(server.url, { timeoutMs: 500 }).request({
        method: 'POST',
        url: '/cancel',
        body: { body: '{}' },
      }),
    );
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    // The body never ends: only the timeout ends the call, and it does not retry.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(server.seen).toHaveLength(1);
  });

  it('retries a body cut short like a dropped connection, the identical request', async () => {
    const server = await rawServer([cutMidBody]);
    const responses: HttpResponseEvent[] = [];
    const result = await client(server.url, {
      hooks: { onResponse: (e) => responses.push(e) },
    }).request({ method: 'POST', url: '/cancel', body: { body: '{"id":"p1"}' } });
    expect(result).toMatchObject({ status: 200, text: '{"ok":true}', attempts: 2 });
    expect(server.seen).toEqual(['{"id":"p1"}', '{"id":"p1"}']);
    // The cut attempt has no answer to show; the good one does, read once for hook and caller.
    expect(responses.map((e) => [e.attempt, e.status, e.body])).toEqual([[2, 200, '{"ok":true}']]);
  });

  it('ends a body cut short on every attempt in network_error', async () => {
    const server = await rawServer([cutMidBody, cutMidBody, cutMidBody]);
    const error = await rejection(
      client(server.url).request({ method: 'POST', url: '/cancel', body: { body: '{}' } }),
    );
    expect(error.code).toBe('network_error');
    expect(error.message).toContain('after 3 attempts');
    expect(server.seen).toHaveLength(3);
  });

  it('gives fetch the URL and the body string, with no redirects followed', async () => {
    const calls: [unknown, RequestInit | undefined][] = [];
    const http = client('https://acme.invalid/api', {
      fetch: async (input, init) => {
        calls.push([input, init]);
        return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
      },
    });
    const result = await http.request({
      method: 'POST',
      url: '/cancel',
      headers: { 'X-Api-Key': 'k1', Accept: 'text/plain' },
      body: { body: '{"a":1}', headers: { sign: 's1' } },
    });
    expect(result.text).toBe('{"ok":true}');
    expect(calls).toHaveLength(1);
    const [input, init] = calls[0]!;
    expect(input).toBe('https://acme.invalid/api/cancel');
    expect(init).toMatchObject({ method: 'POST', body: '{"a":1}', redirect: 'manual' });
    expect(init!.signal).toBeInstanceOf(AbortSignal);
    // Header names are lowercased, so that a caller's header replaces the default one.
    expect(init!.headers).toEqual({
      accept: 'text/plain',
      'user-agent': expect.stringMatching(/^paykit\/\S+ acme\/1\.0\.0$/),
      'content-type': 'application/json',
      'x-api-key': 'k1',
      sign: 's1',
    });
  });

  it.each([42, 'signal', {}, { aborted: false }, null])(
    'refuses a signal that is not an AbortSignal (%s) before sending anything',
    async (signal) => {
      let sent = 0;
      const http = client('https://acme.invalid', {
        fetch: async () => {
          sent++;
          return new Response('{}');
        },
      });
      const error = await rejection(
        http.request({
          method: 'POST',
          url: '/cancel',
          body: { body: '{}' },
          requestId: 'req-s',
          signal: signal as never,
        }),
      );
      expect(error).toMatchObject({
        code: 'invalid_request',
        connector: 'acme',
        requestId: 'req-s',
        retryable: false,
      });
      expect(sent).toBe(0);
    },
  );
});
