import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLiquido } from '../src/index.js';
import { createLiquidoSimulator } from '../src/testing/index.js';
import { apiRequests, CREDENTIALS, rejection, setup, tokenRequests } from './helpers.js';

const seedPix = (sim: ReturnType<typeof setup>['sim']) =>
  sim.seedCharge({ country: 'BR', paymentMethod: 'PIX_DYNAMIC_QR', transferStatus: 'IN_PROGRESS' });

afterEach(() => {
  vi.useRealTimers();
});

describe('OAuth2 token: request', () => {
  it('posts the client credentials as a form to the token endpoint', async () => {
    const { sim, liquido } = setup();
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    const [token] = tokenRequests(sim);
    expect(token!.method).toBe('POST');
    expect(token!.url).toBe('https://liquido.sim.test/oauth2/token');
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token!.headers.authorization).toBeUndefined();
    expect(token!.body).toBe(
      'client_id=test-client-id-4242&client_secret=test-client-secret-Zq9!x~y(z)*&grant_type=client_credentials',
    );
    // The simulator reads it as a form: these characters survive the round trip.
    expect(new URLSearchParams(token!.body).get('client_secret')).toBe(CREDENTIALS.clientSecret);
  });

  it('percent-encodes form values', async () => {
    const clientSecret = 'sec ret&grant_type=password+=%';
    const { sim, liquido } = setup({ clientSecret }, { clientSecret });
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    const form = new URLSearchParams(tokenRequests(sim)[0]!.body);
    expect(form.get('client_secret')).toBe(clientSecret);
    expect(form.getAll('grant_type')).toEqual(['client_credentials']);
  });

  it.each([
    [{}, 'https://auth-dev.liquido.com/oauth2/token', 'https://api-qa.liquido.com'],
    [
      { environment: 'sandbox' as const },
      'https://auth-dev.liquido.com/oauth2/token',
      'https://api-qa.liquido.com',
    ],
    [
      { environment: 'production' as const },
      'https://authsg.liquido.com/oauth2/token',
      'https://api.liquido.com',
    ],
    [
      { baseUrl: 'https://sim.example/' },
      'https://sim.example/oauth2/token',
      'https://sim.example',
    ],
    [
      { baseUrl: 'https://sim.example', authUrl: 'https://auth.example/oauth2/token' },
      'https://auth.example/oauth2/token',
      'https://sim.example',
    ],
    [
      { environment: 'production' as const, authUrl: 'https://auth.example/oauth2/token' },
      'https://auth.example/oauth2/token',
      'https://api.liquido.com',
    ],
  ])('with %o uses %s and %s', async (settings, authUrl, apiUrl) => {
    // The simulator routes by path only, so it answers whatever host the connector calls.
    const sim = createLiquidoSimulator(CREDENTIALS);
    const liquido = createLiquido({
      ...CREDENTIALS,
      fetch: sim.fetch,
      retryBaseDelayMs: 1,
      ...settings,
    });
    const paymentId = seedPix(sim);
    await liquido.cancelPayment({ paymentId });
    expect(sim.requests.map((r) => r.url)).toEqual([
      authUrl,
      `${apiUrl}/v1/payments/charges/cancel/${paymentId}`,
    ]);
  });
});

describe('OAuth2 token: cache', () => {
  it('makes one token request for many concurrent cancels', async () => {
    const { sim, liquido } = setup();
    const ids = Array.from({ length: 10 }, () => seedPix(sim));
    const results = await Promise.all(ids.map((paymentId) => liquido.cancelPayment({ paymentId })));
    expect(results.every((r) => r.status === 'cancelled')).toBe(true);
    expect(tokenRequests(sim)).toHaveLength(1);
    expect(apiRequests(sim)).toHaveLength(10);
    expect(new Set(apiRequests(sim).map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('reuses the token for later calls and for getPayment', async () => {
    const { sim, liquido } = setup();
    for (let i = 0; i < 3; i++) await liquido.cancelPayment({ paymentId: seedPix(sim) });
    await liquido.getPayment({ paymentId: seedPix(sim) });
    expect(tokenRequests(sim)).toHaveLength(1);
  });

  it('renews shortly before expires_in ends: 10% of a short lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const { sim, liquido } = setup({}, { tokenTtlSeconds: 100 });
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    vi.setSystemTime(new Date('2025-01-01T00:01:29Z'));
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    expect(tokenRequests(sim)).toHaveLength(1);
    // 90 s: inside the 10 s margin, renewed although the old token still works.
    vi.setSystemTime(new Date('2025-01-01T00:01:31Z'));
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    expect(tokenRequests(sim)).toHaveLength(2);
    // No call was refused on the way: one API request per cancel.
    expect(apiRequests(sim)).toHaveLength(3);
  });

  it('renews 60 s before a one-hour token expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const { sim, liquido } = setup();
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    vi.setSystemTime(new Date('2025-01-01T00:58:59Z'));
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    expect(tokenRequests(sim)).toHaveLength(1);
    vi.setSystemTime(new Date('2025-01-01T00:59:01Z'));
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    expect(tokenRequests(sim)).toHaveLength(2);
    expect(apiRequests(sim)).toHaveLength(3);
  });

  it('accepts expires_in as a numeric string', async () => {
    const { sim, liquido } = setup();
    sim.faults.inject({
      type: 'status',
      status: 200,
      body: JSON.stringify({
        access_token: 'not-a-sim-token-but-long',
        expires_in: '3600',
        token_type: 'Bearer',
      }),
    });
    // The injected token is not one the simulator issued: a 401, then a real token.
    const result = await liquido.cancelPayment({ paymentId: seedPix(sim) });
    expect(result.status).toBe('cancelled');
    expect(tokenRequests(sim)).toHaveLength(2);
  });
});

describe('OAuth2 token: a 401 from the API', () => {
  it('gets a new token once and retries once when the token died early', async () => {
    const { sim, liquido } = setup();
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    sim.expireTokens();
    const paymentId = seedPix(sim);
    const result = await liquido.cancelPayment({ paymentId, requestId: 'after-expiry' });
    expect(result.status).toBe('cancelled');
    expect(result.requestId).toBe('after-expiry');
    expect(tokenRequests(sim)).toHaveLength(2);
    const [, refused, retried] = apiRequests(sim);
    expect(refused!.url).toBe(retried!.url);
    expect(refused!.headers.authorization).not.toBe(retried!.headers.authorization);
  });

  it('shares the new token among concurrent calls refused together', async () => {
    const { sim, liquido } = setup();
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    sim.expireTokens();
    const ids = Array.from({ length: 5 }, () => seedPix(sim));
    const results = await Promise.all(ids.map((paymentId) => liquido.cancelPayment({ paymentId })));
    expect(results.every((r) => r.status === 'cancelled')).toBe(true);
    expect(tokenRequests(sim)).toHaveLength(2);
    expect(apiRequests(sim)).toHaveLength(11);
  });

  it('gives up with authentication_failed on a second 401', async () => {
    const { sim, liquido } = setup({ apiKey: 'a-wrong-api-key-123456' });
    const paymentId = seedPix(sim);
    const error = await rejection(liquido.cancelPayment({ paymentId }), 'authentication_failed');
    expect(error.httpStatus).toBe(401);
    expect(error.retryable).toBe(false);
    expect(tokenRequests(sim)).toHaveLength(2);
    expect(apiRequests(sim)).toHaveLength(2);
    expect(sim.getCharge(paymentId)?.transferStatus).toBe('IN_PROGRESS');
    expect(error.message).not.toContain('a-wrong-api-key-123456');
  });

  it('does the same for getPayment', async () => {
    const { sim, liquido } = setup();
    const paymentId = seedPix(sim);
    await liquido.getPayment({ paymentId });
    sim.expireTokens();
    expect((await liquido.getPayment({ paymentId })).status).toBe('pending');
    expect(tokenRequests(sim)).toHaveLength(2);
  });

  it('maps a 403 to authentication_failed without a token refresh', async () => {
    const { sim, liquido } = setup();
    await liquido.cancelPayment({ paymentId: seedPix(sim) });
    sim.faults.inject({ type: 'status', status: 403, body: '{"message":"Forbidden"}' });
    const error = await rejection(
      liquido.cancelPayment({ paymentId: seedPix(sim) }),
      'authentication_failed',
    );
    expect(error.httpStatus).toBe(403);
    expect(tokenRequests(sim)).toHaveLength(1);
  });
});

describe('OAuth2 token: refusals and failures', () => {
  it('maps refused client credentials (401 invalid_client) to authentication_failed, no API call', async () => {
    const { sim, liquido } = setup({ clientSecret: 'the-wrong-client-secret' });
    const error = await rejection(
      liquido.cancelPayment({ paymentId: seedPix(sim) }),
      'authentication_failed',
    );
    expect(error).toMatchObject({
      httpStatus: 401,
      providerCode: 'invalid_client',
      providerMessage: 'Client authentication failed.',
      retryable: false,
    });
    expect(error.message).toContain('check clientId and clientSecret');
    expect(apiRequests(sim)).toHaveLength(0);
  });

  it('maps a wrong client id the same way', async () => {
    const { sim, liquido } = setup({ clientId: 'someone-else' });
    await rejection(liquido.getPayment({ paymentId: seedPix(sim) }), 'authentication_failed');
  });

  it.each([400, 401, 403])('maps a token HTTP %i to authentication_failed', async (status) => {
    const { sim, liquido } = setup();
    sim.faults.inject({ type: 'status', status, body: '{"error":"invalid_grant"}' });
    const error = await rejection(
      liquido.cancelPayment({ paymentId: seedPix(sim) }),
      'authentication_failed',
    );
    expect(error.httpStatus).toBe(status);
    expect(error.providerCode).toBe('invalid_grant');
  });

  it('maps another token status to provider_error', async () => {
    const { sim, liquido } = setup();
    sim.faults.inject({ type: 'status', status: 404, body: 'no such page' });
    const error = await rejection(
      liquido.cancelPayment({ paymentId: seedPix(sim) }),
      'provider_error',
    );
    expect(error.httpStatus).toBe(404);
  });

  it('retries a token 503, then gives up with provider_unavailable', async () => {
    const { sim, liquido } = setup({ maxRetries: 1 });
    sim.faults.inject({ type: 'status', status: 503 }, 1);
    expect((await liquido.cancelPayment({ paymentId: seedPix(sim) })).status).toBe('cancelled');
    const other = setup({ maxRetries: 1 });
    other.sim.faults.inject({ type: 'status', status: 503 }, 2);
    await rejection(
      other.liquido.cancelPayment({ paymentId: seedPix(other.sim) }),
      'provider_unavailable',
    );
  });

  it('does not cache a failure: the next call asks again', async () => {
    const { sim, liquido } = setup();
    sim.faults.inject({ type: 'status', status: 400, body: '{"error":"invalid_request"}' });
    const ids = [seedPix(sim), seedPix(sim)];
    const first = await Promise.allSettled(
      ids.map((paymentId) => liquido.cancelPayment({ paymentId })),
    );
    // Both waited on the same failed request.
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(tokenRequests(sim)).toHaveLength(1);
    const result = await liquido.cancelPayment({ paymentId: ids[0]! });
    expect(result.status).toBe('cancelled');
    expect(tokenRequests(sim)).toHaveLength(2);
  });

  it.each([
    ['not JSON', 'token please'],
    ['no access_token', JSON.stringify({ expires_in: 3600, token_type: 'Bearer' })],
    [
      'no expires_in',
      JSON.stringify({ access_token: 'leaky-token-value-1', token_type: 'Bearer' }),
    ],
    ['expires_in 0', JSON.stringify({ access_token: 'leaky-token-value-1', expires_in: 0 })],
    [
      'expires_in not a number',
      JSON.stringify({ access_token: 'leaky-token-value-1', expires_in: 'soon' }),
    ],
  ])('maps a token answer with %s to invalid_response, without the token', async (_name, body) => {
    const { sim, liquido } = setup({ maxRetries: 0 });
    sim.faults.inject({ type: 'status', status: 200, body });
    const error = await rejection(
      liquido.cancelPayment({ paymentId: seedPix(sim) }),
      'invalid_response',
    );
    expect(JSON.stringify(error)).not.toContain('leaky-token-value-1');
    expect(error.stack).not.toContain('leaky-token-value-1');
    expect(apiRequests(sim)).toHaveLength(0);
  });
});
