import { inspect } from 'node:util';
import type { PaykitErrorCode } from '@paykit/core';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS, rejection, setup } from './helpers.js';

describe('no secret in errors or hook events', () => {
  it('hides client secret, API key and every access token, in all flows', async () => {
    const events: unknown[] = [];
    const hooks = {
      onRequest: (e: unknown) => events.push(e),
      onResponse: (e: unknown) => events.push(e),
      onError: (e: unknown) => events.push(e),
    };
    const { sim, liquido } = setup({ hooks, maxRetries: 1 });
    const errors: unknown[] = [];
    const fail = (p: Promise<unknown>, code: PaykitErrorCode) =>
      rejection(p, code).then((e) => errors.push(e));

    const charge = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
    });
    await liquido.cancelPayment({ paymentId: charge });
    await fail(liquido.cancelPayment({ paymentId: charge }), 'already_cancelled');
    await fail(liquido.cancelPayment({ paymentId: 'unknown-key' }), 'payment_not_found');
    sim.expireTokens();
    await liquido.getPayment({ paymentId: charge });
    sim.faults.inject({ type: 'status', status: 502 }, 2);
    await fail(liquido.cancelPayment({ paymentId: charge }), 'provider_unavailable');
    // An unreadable answer about a charge still in progress: confirmed not cancelled, it stands.
    const open = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
    });
    sim.faults.inject({ type: 'malformed' });
    await fail(liquido.cancelPayment({ paymentId: open }), 'invalid_response');
    sim.faults.inject({ type: 'reset' }, 2);
    await fail(liquido.cancelPayment({ paymentId: charge }), 'network_error');
    await fail(liquido.verifyWebhook({ body: '{}', headers: {} }), 'signature_invalid');
    // A provider that echoes a credential back: it is hidden in the kept message too.
    sim.faults.inject({
      type: 'status',
      status: 400,
      body: JSON.stringify({
        transferStatusCode: 400,
        transferErrorMsg: `bad key ${CREDENTIALS.apiKey}`,
      }),
    });
    await fail(liquido.cancelPayment({ paymentId: charge }), 'provider_error');

    const wrongKey = setup({ hooks, apiKey: 'wrong-api-key-7777777' });
    await fail(wrongKey.liquido.cancelPayment({ paymentId: 'x1' }), 'authentication_failed');
    const wrongSecret = setup({ hooks, clientSecret: 'wrong-client-secret-88888' });
    await fail(wrongSecret.liquido.cancelPayment({ paymentId: 'x1' }), 'authentication_failed');

    const tokens = [sim, wrongKey.sim]
      .flatMap((s) => s.requests)
      .map((r) => /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.[1])
      .filter((t): t is string => Boolean(t));
    expect(new Set(tokens).size).toBeGreaterThanOrEqual(3);
    const secrets = [
      CREDENTIALS.clientSecret,
      encodeURIComponent(CREDENTIALS.clientSecret),
      CREDENTIALS.apiKey,
      'wrong-api-key-7777777',
      'wrong-client-secret-88888',
      ...tokens,
    ];

    expect(errors.length).toBeGreaterThanOrEqual(9);
    for (const error of errors) {
      const views = [
        String((error as Error).message),
        String((error as Error).stack),
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ];
      for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret);
    }
    expect(events.length).toBeGreaterThan(20);
    const seen = JSON.stringify(events);
    for (const secret of secrets)
      expect(seen.includes(secret), `leaked ${secret.slice(0, 8)}…`).toBe(false);

    // What the hooks do show: the flows, with the secrets replaced.
    const tokenAnswer = events.find(
      (e) => (e as { url: string }).url.endsWith('/oauth2/token') && 'status' in (e as object),
    ) as { body: string };
    expect(JSON.parse(tokenAnswer.body)).toMatchObject({
      access_token: '[REDACTED]',
      expires_in: 3600,
    });
    const tokenRequest = events.find(
      (e) => (e as { url: string }).url.endsWith('/oauth2/token') && 'body' in (e as object),
    ) as { body: string };
    expect(tokenRequest.body).toBe(
      `client_id=${CREDENTIALS.clientId}&client_secret=[REDACTED]&grant_type=client_credentials`,
    );
    const cancel = events.find((e) => (e as { url: string }).url.includes('/cancel/')) as {
      headers: Record<string, string>;
    };
    expect(cancel.headers.authorization).toBe('[REDACTED]');
    expect(cancel.headers['x-api-key']).toBe('[REDACTED]');
  });
});
