import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { type HttpResponseEvent, PaykitError } from '@paykit/core';
import { createConnectorRuntime } from '@paykit/core/connector';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiquido } from '../src/index.js';
import { createTokenSource } from '../src/liquido-token.js';
import { CREDENTIALS } from './helpers.js';

// Hostile Liquido servers on loopback (node:http, not the simulator): a token endpoint that
// hangs or fails for callers sharing it, and answers that quote the credentials and the token.

const TOKEN = 'hostile-access-token-0123456789abcdef';
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function serve(handler: Handler) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

function tokenSource(url: string) {
  // The HTTP client and redactor a connector gets from core, for the token source alone.
  const { http, redactor } = createConnectorRuntime({
    connector: 'liquido',
    connectorVersion: '0.0.0',
    settings: {
      environment: 'production',
      baseUrl: url,
      timeoutMs: 15_000,
      maxRetries: 0,
      retryBaseDelayMs: 1,
    },
    baseUrls: { sandbox: url, production: url },
    secrets: [CREDENTIALS.clientSecret, CREDENTIALS.apiKey],
  });
  return createTokenSource({
    http,
    redactor,
    connector: 'liquido',
    authUrl: `${url}/oauth2/token`,
    clientId: CREDENTIALS.clientId,
    clientSecret: CREDENTIALS.clientSecret,
  });
}

async function settle<T>(promise: Promise<T>) {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function views(value: unknown): string[] {
  const out = [inspect(value, { depth: 10, showHidden: true }), String(value)];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect has it
  }
  if (value instanceof Error) {
    out.push(value.message, String(value.stack));
    if (PaykitError.isInstance(value)) out.push(...(value.issues ?? []));
  }
  return out;
}

function expectNoSecret(value: unknown) {
  for (const view of views(value)) {
    for (const secret of [CREDENTIALS.clientSecret, CREDENTIALS.apiKey, TOKEN]) {
      expect(view).not.toContain(secret);
      expect(view).not.toContain(encodeURIComponent(secret));
    }
  }
}

describe('token source: the caller’s signal wins at once', () => {
  it('ends an aborted caller’s wait now; the shared request goes on for the others', async () => {
    let answer: (() => void) | undefined;
    const server = await serve((_req, res) => {
      answer = () => json(res, 200, { access_token: TOKEN, expires_in: 3600 });
    });
    const tokens = tokenSource(server.url);
    const controller = new AbortController();
    const leaving = settle(tokens.get('req-a', controller.signal));
    const staying = tokens.get('req-b');
    while (!answer) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const left = await leaving;
    expect(left.ok).toBe(false);
    expect((left as { error: unknown }).error).toMatchObject({
      code: 'network_error',
      retryable: false,
      requestId: 'req-a',
    });
    // The token request was not cancelled: the other caller, and the cache, get its token.
    answer();
    expect(await staying).toBe(TOKEN);
    expect(await tokens.get('req-c')).toBe(TOKEN);
    expect(server.seen).toEqual(['POST /oauth2/token']);
  });

  it('refuses a signal aborted already without asking for a token', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { access_token: TOKEN, expires_in: 60 }),
    );
    const tokens = tokenSource(server.url);
    const result = await settle(tokens.get('req-x', AbortSignal.abort()));
    expect(result.ok).toBe(false);
    expect((result as { error: unknown }).error).toMatchObject({ code: 'network_error' });
    expect(server.seen).toEqual([]);
  });
});

describe('token source: each caller its own error', () => {
  it('gives callers of one failed token request distinct errors with their own requestId', async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => json(res, 401, { error: 'invalid_client' }), 30);
    });
    const tokens = tokenSource(server.url);
    const results = await Promise.all(
      ['req-1', 'req-2', 'req-3'].map((id) => settle(tokens.get(id))),
    );
    const errors = results.map((r) => (r as { error: PaykitError }).error);
    expect(errors.map((e) => [e.code, e.requestId])).toEqual([
      ['authentication_failed', 'req-1'],
      ['authentication_failed', 'req-2'],
      ['authentication_failed', 'req-3'],
    ]);
    expect(new Set(errors).size).toBe(3);
    expect(errors.every((e) => PaykitError.isInstance(e))).toBe(true);
    expect(server.seen).toHaveLength(1);
  });
});

describe('Liquido against hostile answers: no secret in any message', () => {
  async function liquidoAgainst(handler: Handler) {
    const server = await serve(handler);
    const events: unknown[] = [];
    const responses: HttpResponseEvent[] = [];
    const liquido = createLiquido({
      ...CREDENTIALS,
      baseUrl: server.url,
      maxRetries: 0,
      retryBaseDelayMs: 1,
      hooks: {
        onRequest: (e) => events.push(e),
        onResponse: (e) => {
          events.push(e);
          responses.push(e);
        },
        onError: (e) => events.push(e),
      },
    });
    return { server, liquido, events, responses };
  }

  it('hides the api key and the bearer token quoted in transferStatusCode', async () => {
    const { liquido, events } = await liquidoAgainst((req, res) => {
      if (req.url === '/oauth2/token')
        return json(res, 200, { access_token: TOKEN, expires_in: 3600 });
      json(res, 200, {
        idempotencyKey: 'k1',
        transferStatusCode: `${CREDENTIALS.apiKey} Bearer ${TOKEN}`,
        transferStatus: 'CANCELLED',
      });
    });
    const result = await settle(liquido.cancelPayment({ paymentId: 'k1', requestId: 'req-q' }));
    // The status query gets the same hostile body: whichever way it ends, nothing leaks.
    expectNoSecret(result.ok ? result.value : result.error);
    if (!result.ok) expect(PaykitError.isInstance(result.error)).toBe(true);
    expectNoSecret(events);
  });

  it('hides the client secret quoted in the token answer’s expires_in', async () => {
    const { liquido, events } = await liquidoAgainst((req, res) => {
      if (req.url === '/oauth2/token') {
        return json(res, 200, { access_token: TOKEN, expires_in: CREDENTIALS.clientSecret });
      }
      json(res, 500, {});
    });
    const result = await settle(liquido.cancelPayment({ paymentId: 'k1' }));
    expect(result.ok).toBe(false);
    expect((result as { error: unknown }).error).toMatchObject({ code: 'invalid_response' });
    expectNoSecret((result as { error: unknown }).error);
    expectNoSecret(events);
  });

  it('shows hooks no token that the token answer repeats under another name', async () => {
    const { liquido, responses } = await liquidoAgainst((req, res) => {
      if (req.url === '/oauth2/token') {
        return json(res, 200, {
          access_token: TOKEN,
          expires_in: 3600,
          id: TOKEN,
          note: `your token is ${TOKEN}`,
        });
      }
      json(res, 200, {
        idempotencyKey: 'k1',
        transferStatusCode: 200,
        transferStatus: 'CANCELLED',
      });
    });
    const result = await liquido.cancelPayment({ paymentId: 'k1' });
    expect(result.status).toBe('cancelled');
    expect(responses.length).toBeGreaterThanOrEqual(2);
    expectNoSecret(responses);
  });

  it('leaves out an amount that quotes the api key, and shows it nowhere', async () => {
    const { liquido, events } = await liquidoAgainst((req, res) => {
      if (req.url === '/oauth2/token')
        return json(res, 200, { access_token: TOKEN, expires_in: 3600 });
      json(res, 200, {
        idempotencyKey: 'k1',
        transferStatusCode: 200,
        transferStatus: 'CANCELLED',
        amount: -1,
        currency: CREDENTIALS.apiKey,
      });
    });
    const result = await liquido.cancelPayment({ paymentId: 'k1' });
    expect(result.status).toBe('cancelled');
    expect(result.amount).toBeUndefined();
    expectNoSecret({ ...result, raw: undefined });
    expectNoSecret(events);
  });
});
