import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  createBrotliCompress,
  createDeflate,
  createGzip,
  gzipSync,
  constants as zlibConstants,
} from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedactor, secretFieldValues } from '../src/connector/index.js';
import { createHttpClient, type HttpClientSettings } from '../src/http/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type HttpResponseEvent } from '../src/index.js';
import { rejection } from '../src/testing/index.js';

// Hostile peers against the real HTTP layer, over loopback node:http servers started here: a
// compression bomb, a body that never ends, redirects, Retry-After beyond the budget or
// unreadable, a runtime that refuses the request, and an answer that issues a secret.

const MiB = 1024 * 1024;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

interface Served {
  url: string;
  /** Requests received, by path. */
  seen: string[];
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    req.resume();
    req.on('end', () => handler(req, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen } satisfies Served;
}

/**
 * Streams `total` bytes of spaces into `sink` lazily, on drain only, so that neither side holds
 * the body: `produced()` says how much was made before the peer stopped reading.
 */
function pump(res: ServerResponse, sink: NodeJS.WritableStream, total: number) {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let produced = 0;
  let stopped = false;
  res.on('close', () => {
    stopped = true;
  });
  const go = () => {
    while (!stopped && produced < total) {
      produced += chunk.length;
      if (!sink.write(chunk)) {
        sink.once('drain', go);
        return;
      }
    }
    if (!stopped) sink.end();
  };
  go();
  return () => produced;
}

type Coding = 'gzip' | 'deflate' | 'br';
const encoder = (coding: Coding) =>
  coding === 'gzip'
    ? createGzip({ level: 9 })
    : coding === 'deflate'
      ? createDeflate({ level: 9 })
      : createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });

/** A compression bomb: 1 GiB of JSON-ish padding, compressed as it streams. */
async function bombServer(coding: Coding) {
  let produced = () => 0;
  const server = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
    const z = encoder(coding);
    z.pipe(res);
    res.on('close', () => z.destroy());
    produced = pump(res, z, 1024 * MiB);
  });
  return { ...server, produced: () => produced() };
}

const client = (baseUrl: string, extra: Partial<HttpClientSettings> = {}) =>
  createHttpClient({
    connector: 'acme',
    connectorVersion: '1.0.0',
    baseUrl,
    timeoutMs: 30_000,
    maxRetries: 2,
    retryBaseDelayMs: 1,
    redactor: createRedactor([]),
    ...extra,
  });

describe('hostile peers: the response-size limit', () => {
  it('is 1 MiB by default', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(MiB);
  });

  it.each(['gzip', 'deflate', 'br'] as const)(
    'stops a %s bomb at the limit of decoded bytes: invalid_response, not retried',
    async (coding) => {
      const server = await bombServer(coding);
      global.gc?.();
      const before = process.memoryUsage().rss;
      const error = await rejection(
        client(server.url).request({ method: 'POST', url: '/cancel', requestId: 'req-bomb' }),
      );
      const growth = process.memoryUsage().rss - before;
      expect(error).toMatchObject({
        code: 'invalid_response',
        retryable: false,
        httpStatus: 200,
        connector: 'acme',
        requestId: 'req-bomb',
      });
      expect(error.message).toContain('maxResponseBytes');
      expect(server.seen).toHaveLength(1);
      // The peer was stopped early: far less than the gigabyte was ever made, let alone read.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.produced()).toBeLessThan(256 * MiB);
      // Generous: the bomb once grew the process by about 2.1 GB per attempt.
      expect(growth).toBeLessThan(256 * MiB);
    },
  );

  it('stops a 200 MB plain body streamed without a length after 1 MiB', async () => {
    let produced = () => 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      produced = pump(res, res, 200 * 1000 * 1000);
    });
    const error = await rejection(client(server.url).request({ method: 'GET', url: '/big' }));
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
    expect(server.seen).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced()).toBeLessThan(64 * MiB);
  });

  it('refuses a declared 200 MB body before reading it', async () => {
    let produced = () => 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200000000' });
      produced = pump(res, res, 200 * 1000 * 1000);
    });
    const error = await rejection(client(server.url).request({ method: 'GET', url: '/big' }));
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced()).toBeLessThan(64 * MiB);
  });

  it('counts decoded bytes: a tiny gzip answer that inflates past the limit is refused', async () => {
    const limit = 1_000;
    const exact = gzipSync(Buffer.from(`"${'a'.repeat(limit - 2)}"`));
    const over = gzipSync(Buffer.from(`"${'a'.repeat(limit - 1)}"`));
    expect(over.length).toBeLessThan(100);
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(req.url === '/exact' ? exact : over);
    });
    const http = client(server.url, { maxResponseBytes: limit });
    const ok = await http.request({ method: 'GET', url: '/exact' });
    expect(ok.text).toHaveLength(limit);
    expect(ok.bytes).toHaveLength(limit);
    const error = await rejection(http.request({ method: 'GET', url: '/over' }));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('1000 bytes');
    expect(server.seen).toEqual(['/exact', '/over']);
  });

  it('applies to error answers too: a 503 past the limit is not retried', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('x'.repeat(5_000));
    });
    const error = await rejection(
      client(server.url, { maxResponseBytes: 4_096 }).request({ method: 'GET', url: '/p' }),
    );
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false, httpStatus: 503 });
    expect(server.seen).toHaveLength(1);
  });

  it('gives onError the refusal and onResponse nothing', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.end('y'.repeat(2_000));
    });
    const responses: HttpResponseEvent[] = [];
    const errors: string[] = [];
    await rejection(
      client(server.url, {
        maxResponseBytes: 1_000,
        hooks: { onResponse: (e) => responses.push(e), onError: (e) => errors.push(e.code) },
      }).request({ method: 'GET', url: '/p' }),
    );
    expect(responses).toEqual([]);
    expect(errors).toEqual(['invalid_response']);
  });
});

describe('hostile peers: redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'refuses a %i unfollowed: the target receives nothing, invalid_response, not retried',
    async (status) => {
      const target = await serve((_req, res) => res.end('{"ok":true}'));
      const server = await serve((_req, res) => {
        res.writeHead(status, { location: `${target.url}/steal` });
        res.end();
      });
      const error = await rejection(
        client(server.url).request({
          method: 'POST',
          url: '/cancel',
          headers: { 'x-api-key': 'k-123456789' },
          body: { body: '{}' },
          requestId: 'req-r',
        }),
      );
      expect(error).toMatchObject({
        code: 'invalid_response',
        retryable: false,
        httpStatus: status,
        requestId: 'req-r',
      });
      expect(error.message).toContain('redirect');
      expect(error.message).toContain(`${target.url}/steal`);
      expect(server.seen).toHaveLength(1);
      expect(target.seen).toEqual([]);
    },
  );

  it('refuses an opaque redirect (a browser fetch with redirect: manual): status 0', async () => {
    const opaque = new Response(null);
    Object.defineProperties(opaque, {
      type: { value: 'opaqueredirect' },
      status: { value: 0 },
    });
    let calls = 0;
    const error = await rejection(
      client('https://acme.invalid', {
        fetch: async () => {
          calls++;
          return opaque;
        },
      }).request({ method: 'GET', url: '/p' }),
    );
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
    expect(error.httpStatus).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('hides a secret in the Location it quotes', async () => {
    const secret = 'sk_redirect_secret_123456';
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `https://evil.invalid/?k=${secret}` });
      res.end();
    });
    const error = await rejection(
      client(server.url, { redactor: createRedactor([secret]) }).request({
        method: 'GET',
        url: '/p',
      }),
    );
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(inspect(error)).not.toContain(secret);
  });
});

describe('hostile peers: Retry-After', () => {
  const limited =
    (retryAfter: string | undefined, status = 429, times = Number.POSITIVE_INFINITY) =>
    (_req: IncomingMessage, res: ServerResponse) => {
      if (times-- > 0) {
        res.writeHead(status, retryAfter === undefined ? {} : { 'retry-after': retryAfter });
        res.end('{"error":"slow down"}');
        return;
      }
      res.end('{"ok":true}');
    };

  it('rejects Retry-After: 120 at once, rate_limited, retryable, with retryAfterMs', async () => {
    const server = await serve(limited('120'));
    const error = await rejection(
      client(server.url).request({ method: 'POST', url: '/cancel', body: { body: '{}' } }),
    );
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      httpStatus: 429,
      retryAfterMs: 120_000,
    });
    expect(error.message).toContain('maxRetryWaitMs');
    expect(JSON.parse(JSON.stringify(error)).retryAfterMs).toBe(120_000);
    expect(server.seen).toHaveLength(1);
  });

  it('does the same for an HTTP-date two minutes ahead', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    const server = await serve(limited(date));
    const error = await rejection(client(server.url).request({ method: 'GET', url: '/p' }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(100_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(server.seen).toHaveLength(1);
  });

  it('keeps the provider unavailable for a 503 with a long Retry-After, with retryAfterMs', async () => {
    const server = await serve(limited('300', 503));
    const error = await rejection(client(server.url).request({ method: 'GET', url: '/p' }));
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterMs: 300_000,
    });
    expect(server.seen).toHaveLength(1);
  });

  it('spends the budget across retries: the wait that no longer fits is refused', async () => {
    const server = await serve(limited('1'));
    const error = await rejection(
      client(server.url, { maxRetryWaitMs: 1_500, maxRetries: 3 }).request({
        method: 'GET',
        url: '/p',
      }),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1_000 });
    expect(error.message).toContain('0.5 s left');
    expect(server.seen).toHaveLength(2);
  });

  it('honours a wait within the budget, then succeeds', async () => {
    const server = await serve(limited('1', 429, 1));
    const result = await client(server.url).request({ method: 'GET', url: '/p' });
    expect(result).toMatchObject({ status: 200, attempts: 2 });
  });

  it.each(['soon', '1.5', '', 'Thursday', '-1'])(
    'falls back to the normal backoff for an unreadable Retry-After (%j), not ky’s 10 s',
    async (header) => {
      const server = await serve(limited(header, 429, 2));
      const started = performance.now();
      const result = await client(server.url).request({ method: 'GET', url: '/p' });
      expect(result).toMatchObject({ status: 200, attempts: 3 });
      // Generous: two waits of the old maximum would be 20 s; the backoff here is milliseconds.
      expect(performance.now() - started).toBeLessThan(8_000);
    },
  );

  it('keeps retryAfterMs on the final rate_limited when retries are spent', async () => {
    const server = await serve(limited('0'));
    const error = await rejection(
      client(server.url, { maxRetries: 2 }).request({ method: 'GET', url: '/p' }),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 0 });
    expect(error.message).toContain('after 3 attempts');
    expect(server.seen).toHaveLength(3);
  });

  it('with maxRetryWaitMs 0, never waits for a Retry-After', async () => {
    const server = await serve(limited('1'));
    const error = await rejection(
      client(server.url, { maxRetryWaitMs: 0 }).request({ method: 'GET', url: '/p' }),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1_000 });
    expect(server.seen).toHaveLength(1);
  });
});

describe('hostile runtimes: a TypeError that is not the network', () => {
  it('reports a runtime refusing an option once, configuration_error, with its message', async () => {
    let calls = 0;
    const message =
      'Invalid redirect value, must be one of "follow" or "manual" ("error" won\'t be implemented)';
    const error = await rejection(
      client('https://acme.invalid', {
        fetch: async () => {
          calls++;
          throw new TypeError(message);
        },
      }).request({ method: 'POST', url: '/cancel', body: { body: '{}' }, requestId: 'req-t' }),
    );
    expect(error).toMatchObject({
      code: 'configuration_error',
      retryable: false,
      requestId: 'req-t',
    });
    expect(error.message).toContain(message);
    expect(calls).toBe(1);
  });

  it('reports a header value undici refuses once, with the secret in it hidden', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    const secret = 'tok_secret_header_value_1234';
    const error = await rejection(
      client(server.url, { redactor: createRedactor([secret]) }).request({
        method: 'GET',
        url: '/p',
        headers: { authorization: `Bearer ${secret}\r\nx-injected: 1` },
      }),
    );
    expect(error.code).toBe('configuration_error');
    expect(error.message).toContain('invalid header value');
    expect(error.message).not.toContain(secret);
    expect(server.seen).toEqual([]);
  });

  it.each([
    ['undici', () => new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })],
    ['a browser', () => new TypeError('Failed to fetch')],
    ['Firefox', () => new TypeError('NetworkError when attempting to fetch resource.')],
    ['Safari', () => new TypeError('Load failed')],
    ['workerd', () => new TypeError('Network connection lost.')],
    [
      'a cut body',
      () =>
        new TypeError('terminated', {
          cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }),
        }),
    ],
  ])('still retries a network TypeError from %s as network_error', async (_, make) => {
    let calls = 0;
    const error = await rejection(
      client('https://acme.invalid', {
        fetch: async () => {
          calls++;
          throw make();
        },
      }).request({ method: 'GET', url: '/p' }),
    );
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect(calls).toBe(3);
  });

  it('still retries a refused connection, for real', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    const url = server.url;
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const error = await rejection(client(url).request({ method: 'GET', url: '/p' }));
    expect(error.code).toBe('network_error');
    expect(error.message).toContain('after 3 attempts');
  });
});

describe('hostile peers: an answer that issues a secret', () => {
  const TOKEN = 'issued-token-0123456789abcdef';

  it('learns the secrets before onResponse sees the body, wherever the peer repeats them', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': TOKEN });
      res.end(JSON.stringify({ access_token: TOKEN, expires_in: 60, note: `again ${TOKEN}` }));
    });
    const responses: HttpResponseEvent[] = [];
    const redactor = createRedactor([]);
    const http = client(server.url, { redactor, hooks: { onResponse: (e) => responses.push(e) } });
    const result = await http.request({
      method: 'POST',
      url: '/token',
      body: { body: 'grant_type=client_credentials' },
      secretsIn: ({ text }) => secretFieldValues(text),
    });
    expect(JSON.parse(result.text).access_token).toBe(TOKEN);
    expect(responses).toHaveLength(1);
    expect(JSON.stringify(responses)).not.toContain(TOKEN);
    expect(responses[0]!.headers['x-echo']).toBe('[REDACTED]');
    expect(redactor.redactString(`Bearer ${TOKEN}`)).toBe('Bearer [REDACTED]');
  });

  it('keeps going when the callback throws', async () => {
    const server = await serve((_req, res) => res.end('{"ok":true}'));
    const result = await client(server.url).request({
      method: 'GET',
      url: '/p',
      secretsIn: () => {
        throw new Error('cannot read');
      },
    });
    expect(result.attempts).toBe(1);
  });

  it('secretFieldValues finds the values of secret-named fields at any depth', () => {
    expect(
      secretFieldValues(
        JSON.stringify({ access_token: 'a1', data: { refresh_token: 'r1', token_type: 'Bearer' } }),
      ),
    ).toEqual(['a1', 'r1']);
    expect(secretFieldValues('not json')).toEqual([]);
    expect(secretFieldValues('{"cut": ')).toEqual([]);
  });
});

describe('hostile peers: the bytes as they came', () => {
  it('keeps the raw bytes beside the text: a BOM and a byte that is not UTF-8', async () => {
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"msg":"'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(raw);
    });
    const result = await client(server.url).request({ method: 'GET', url: '/p' });
    expect(Buffer.from(result.bytes!).equals(raw)).toBe(true);
    // The text is what Response.text() gives: the BOM dropped, the bad byte replaced.
    expect(result.text).toBe('{"msg":"\ufffd"}');
  });

  it('gives an empty body as empty bytes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const result = await client(server.url).request({ method: 'GET', url: '/p' });
    expect(result).toMatchObject({ status: 204, text: '' });
    expect(result.bytes).toHaveLength(0);
  });
});
