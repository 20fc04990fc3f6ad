import { createPayerMax } from '@paykit/connector-payermax';
import { PaykitError } from '@paykit/core';
import { describe, expect, it } from 'vitest';
import {
  CANARY,
  findCanary,
  PAYERMAX_KEY_FORMS,
  type PayerMaxKeyForm,
  payermaxKeys,
  payermaxPrivateKey,
  viewsOf,
} from '../src/canaries.js';
import { guardFile } from '../src/guard.js';
import {
  CONNECTORS,
  type ConnectorName,
  createConnectorFor,
  createHarness,
  type Harness,
} from '../src/harness.js';

const guard = guardFile({ values: 30, events: 30 });

describe('the canary scan', () => {
  it('finds every secret in every spelling, and a piece of a private key in every form', () => {
    for (const value of Object.values(CANARY)) {
      for (const spelling of [
        value,
        encodeURIComponent(value),
        new URLSearchParams({ s: value }).toString().slice(2),
        JSON.stringify({ value }),
      ]) {
        expect(findCanary(`before ${spelling} after`), spelling).toBeDefined();
      }
    }
    for (const form of PAYERMAX_KEY_FORMS) {
      const key = payermaxPrivateKey(form);
      const body = key.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      expect(findCanary(`…${body.slice(500, 548)}…`), form).toBeDefined();
      expect(findCanary(key), form).toBeDefined();
    }
    expect(findCanary(`Bearer simtok_${'0a'.repeat(24)}`)).toBe('Liquido access token');
    expect(findCanary('YabandPay refused v3.POSReversal: -4114 [REDACTED]')).toBeUndefined();
  });

  it('finds the throwaway secrets of every connector of the manifest, canaries or not', async () => {
    for (const name of CONNECTORS) {
      const h = await createHarness(name, { transport: 'in-process' });
      try {
        const secrets = h.kit.secrets(h.sim);
        expect(secrets.length, name).toBeGreaterThan(0);
        for (const secret of secrets) {
          expect(
            findCanary(`before ${secret.slice(0, 200)} after`),
            `${name} secret`,
          ).toBeDefined();
        }
      } finally {
        await h.close();
      }
    }
  });

  it('looks at errors in every view a caller or a logger has', () => {
    const error = new PaykitError({ code: 'provider_error', message: 'x', providerMessage: 'y' });
    Object.defineProperty(error, 'hidden', { value: CANARY.liquidoApiKey, enumerable: false });
    expect(viewsOf(error).some((view) => findCanary(view))).toBe(true);
  });
});

/** The secrets a connector holds, as it was given them: PayerMax's key in the form it was given. */
function ownSecrets(h: Harness, form: PayerMaxKeyForm): string[] {
  return h.name === 'payermax' ? [payermaxPrivateKey(form)] : h.kit.secrets(h.sim);
}

/**
 * What a careless provider or proxy might answer: the connector's own secrets echoed, whole,
 * URL-encoded, and placed across the 300-character cut of provider messages (a secret must be
 * hidden before the message is cut, or a piece of it survives the cut).
 */
function echo(secrets: string[], position: number): string {
  return secrets
    .map((secret) => `${'x'.repeat(position)}${secret} ${encodeURIComponent(secret)}`)
    .join(' | ');
}

describe.each(CONNECTORS)('secrets: %s', (name: ConnectorName) => {
  const faults = (secrets: string[]) =>
    [0, 200, 290].flatMap(
      (at) =>
        [
          { type: 'status', status: 500, body: echo(secrets, at) },
          { type: 'status', status: 400, body: echo(secrets, at) },
          { type: 'status', status: 200, body: echo(secrets, at) },
          {
            type: 'status',
            status: 200,
            body: JSON.stringify({
              status: false,
              code: secrets[0],
              message: echo(secrets, at),
              msg: echo(secrets, at),
              transferErrorMsg: echo(secrets, at),
              transferStatusCode: 400,
            }),
          },
        ] as const,
    );

  it('hides them when the provider echoes them, whole or across the cut of its message', async () => {
    const forms = name === 'payermax' ? PAYERMAX_KEY_FORMS : (['der-base64'] as const);
    for (const payermaxKeyForm of forms) {
      const h = await createHarness(name, {
        settings: { maxRetries: 0, hooks: guard.hooks },
        payermaxKeyForm,
      });
      try {
        await h.cancel({ paymentId: h.seed() });
        for (const fault of [
          ...faults(ownSecrets(h, payermaxKeyForm)),
          { type: 'reset' } as const,
        ]) {
          h.sim.faults.inject(fault);
          const error = await h.cancel({ paymentId: h.seed() }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(PaykitError.isInstance(error), String(error)).toBe(true);
          guard.inspect(
            error,
            `${name} (${payermaxKeyForm}) error for ${JSON.stringify(fault).slice(0, 60)}`,
          );
        }
      } finally {
        await h.close();
      }
    }
  });

  it('hides them in the configuration errors of otherwise valid settings', () => {
    for (const bad of [{ timeoutMs: -1 }, { maxRetries: 'x' }, { baseUrl: 'not a url' }]) {
      let error: unknown;
      try {
        createConnectorFor(name, bad as never);
      } catch (e) {
        error = e;
      }
      expect(PaykitError.isInstance(error), String(error)).toBe(true);
      expect((error as PaykitError).code).toBe('configuration_error');
      guard.inspect(error, `${name} settings error`);
    }
  });
});

it('hides the client secret when Liquido’s token endpoint quotes it back', async () => {
  const h = await createHarness('liquido', { settings: { maxRetries: 0, hooks: guard.hooks } });
  try {
    h.sim.faults.inject({
      type: 'status',
      status: 401,
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: `client_secret ${CANARY.liquidoClientSecret} is wrong`,
      }),
    });
    const error = await h.cancel({ paymentId: h.seed() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'authentication_failed' });
    guard.inspect(error, 'liquido token refusal');
  } finally {
    await h.close();
  }
});

it.each([
  [
    'a 400 that quotes the bearer token',
    400,
    (auth: string) => JSON.stringify({ message: `bad ${auth}` }),
  ],
  [
    'a 200 refusal that quotes it',
    200,
    (auth: string) =>
      JSON.stringify({ transferStatusCode: 400, transferErrorMsg: `token ${auth}` }),
  ],
  ['a 200 that is not JSON and quotes it', 200, (auth: string) => `<html>${auth}</html>`],
  ['a 503 that quotes it', 503, (auth: string) => `upstream said ${auth}`],
])('hides Liquido’s issued access token when the API answers %s', async (_, status, body) => {
  const token = `simtok_${'5e'.repeat(24)}`;
  const connector = createConnectorFor('liquido', {
    baseUrl: 'https://liquido.echo.test',
    maxRetries: 0,
    hooks: guard.hooks,
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : (input as Request).url;
      if (url.endsWith('/oauth2/token')) {
        return new Response(JSON.stringify({ access_token: token, expires_in: 3600 }), {
          headers: { 'content-type': 'application/json' },
        });
      }
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      return new Response(body(auth), { status, headers: { 'content-type': 'application/json' } });
    },
  });
  const error = await connector.cancelPayment({ paymentId: 'echo-1' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PaykitError.isInstance(error), String(error)).toBe(true);
  guard.inspect(error, `liquido token echo (${status})`);
});

it('hides an access token in a token answer Liquido got wrong', async () => {
  const token = `simtok_${'7a'.repeat(24)}`;
  const connector = createConnectorFor('liquido', {
    baseUrl: 'https://liquido.echo.test',
    hooks: guard.hooks,
    fetch: async () =>
      new Response(JSON.stringify({ access_token: token, expires_in: 'soon' }), {
        headers: { 'content-type': 'application/json' },
      }),
  });
  const error = await connector.cancelPayment({ paymentId: 'echo-2' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'invalid_response' });
  guard.inspect(error, 'liquido malformed token answer');
});

it.each([
  [
    'a PEM key with a corrupted line',
    () => payermaxPrivateKey('pem-pkcs8').replace(/\n[^\n]{64}\n/, '\n!!!!\n'),
  ],
  ['a truncated dashboard key', () => payermaxPrivateKey('der-base64').slice(0, 900)],
  [
    'a private key labelled as a public key',
    () => payermaxPrivateKey('pem-pkcs8').replaceAll('PRIVATE', 'PUBLIC'),
  ],
])('hides a PayerMax private key that cannot be read: %s', async (_, broken) => {
  const error = await (async () =>
    createPayerMax({
      appId: 'a0dddd1f622243cb9aa1b676e808b5f8',
      privateKey: broken(),
      payermaxPublicKey: payermaxKeys().payermaxPublicKey,
      fetch: () => Promise.reject(new Error('not reached')),
    }).cancelPayment({ paymentId: 'p-1' }))().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PaykitError.isInstance(error), String(error)).toBe(true);
  expect((error as PaykitError).code).toBe('configuration_error');
  guard.inspect(error, 'payermax unreadable key');
});

guard.closingChecks();
