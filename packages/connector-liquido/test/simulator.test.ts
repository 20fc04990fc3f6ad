import { describe, expect, it } from 'vitest';
import { createLiquidoSimulator, LIQUIDO_SIMULATOR_DEFAULTS } from '../src/testing/index.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function token(sim: ReturnType<typeof createLiquidoSimulator>) {
  const res = await sim.fetch('http://sim/oauth2/token', {
    method: 'POST',
    headers: FORM,
    body: form({
      client_id: sim.credentials.clientId,
      client_secret: sim.credentials.clientSecret,
      grant_type: 'client_credentials',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('the simulator', () => {
  it('issues Bearer tokens of tokenTtlSeconds', async () => {
    const sim = createLiquidoSimulator({ tokenTtlSeconds: 120 });
    const res = await sim.fetch('http://sim/oauth2/token', {
      method: 'POST',
      headers: FORM,
      body: form({
        client_id: LIQUIDO_SIMULATOR_DEFAULTS.clientId,
        client_secret: LIQUIDO_SIMULATOR_DEFAULTS.clientSecret,
        grant_type: 'client_credentials',
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      access_token: expect.stringMatching(/^simtok_/),
      expires_in: 120,
      token_type: 'Bearer',
    });
  });

  it.each([
    [
      { 'content-type': 'application/json' },
      { client_id: 'a', client_secret: 'b', grant_type: 'client_credentials' },
      400,
      'invalid_request',
    ],
    [
      FORM,
      {
        client_id: LIQUIDO_SIMULATOR_DEFAULTS.clientId,
        client_secret: LIQUIDO_SIMULATOR_DEFAULTS.clientSecret,
        grant_type: 'password',
      },
      400,
      'unsupported_grant_type',
    ],
    [FORM, { grant_type: 'client_credentials' }, 400, 'invalid_request'],
    [
      FORM,
      {
        client_id: LIQUIDO_SIMULATOR_DEFAULTS.clientId,
        client_secret: 'wrong',
        grant_type: 'client_credentials',
      },
      401,
      'invalid_client',
    ],
  ])('refuses a token request (%o, %o) with %i %s', async (headers, fields, status, error) => {
    const sim = createLiquidoSimulator();
    const res = await sim.fetch('http://sim/oauth2/token', {
      method: 'POST',
      headers,
      body: form(fields),
    });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toBe(error);
  });

  it('answers 401 without a token, with an expired one, or with a wrong API key', async () => {
    let now = 1_700_000_000_000;
    const sim = createLiquidoSimulator({ tokenTtlSeconds: 60, now: () => now });
    const key = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    const get = (headers: Record<string, string>) =>
      sim.fetch(`http://sim/v1/payments/charges/${key}`, { headers });
    const t = await token(sim);
    const apiKey = sim.credentials.apiKey;
    expect((await get({ authorization: `Bearer ${t}`, 'x-api-key': apiKey })).status).toBe(200);
    expect((await get({ 'x-api-key': apiKey })).status).toBe(401);
    expect((await get({ authorization: `Bearer ${t}`, 'x-api-key': 'wrong' })).status).toBe(401);
    expect((await get({ authorization: `Bearer ${t}` })).status).toBe(401);
    expect((await get({ authorization: 'Bearer made-up', 'x-api-key': apiKey })).status).toBe(401);
    now += 60_000;
    const expired = await get({ authorization: `Bearer ${t}`, 'x-api-key': apiKey });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ message: 'Unauthorized' });
    const fresh = await token(sim);
    expect((await get({ authorization: `Bearer ${fresh}`, 'x-api-key': apiKey })).status).toBe(200);
    sim.expireTokens();
    expect((await get({ authorization: `Bearer ${fresh}`, 'x-api-key': apiKey })).status).toBe(401);
  });

  it('answers 405 for a wrong method and 404 for unknown routes', async () => {
    const sim = createLiquidoSimulator();
    const auth = {
      authorization: `Bearer ${await token(sim)}`,
      'x-api-key': sim.credentials.apiKey,
    };
    const key = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    expect(
      (await sim.fetch(`http://sim/v1/payments/charges/cancel/${key}`, { headers: auth })).status,
    ).toBe(405);
    expect((await sim.fetch('http://sim/v1/other', { headers: auth })).status).toBe(404);
    expect(
      (
        await sim.fetch('http://sim/v1/payments/charges/cancel/%E0%A4%A', {
          method: 'POST',
          headers: auth,
        })
      ).status,
    ).toBe(400);
    expect(sim.getCharge(key)?.transferStatus).toBe('IN_PROGRESS');
  });

  it('seeds demo payments in each country and state, with ACTIVE references', () => {
    const sim = createLiquidoSimulator();
    const demo = sim.seedDemoPayments();
    expect(sim.listPayments()).toEqual(demo);
    expect(new Set(demo.map((p) => p.country))).toEqual(new Set(['BR', 'MX', 'CO']));
    const charges = demo.filter((p) => p.kind === 'charge');
    expect(new Set(charges.map((p) => p.status))).toEqual(
      new Set(['IN_PROGRESS', 'AUTHORIZED', 'SETTLED', 'FAILED', 'CANCELLED', 'CHARGED_BACK']),
    );
    expect(charges.filter((p) => p.cancellable)).toHaveLength(11);
    const references = demo.filter((p) => p.kind === 'reference');
    expect(references.filter((p) => p.status === 'ACTIVE').length).toBeGreaterThanOrEqual(2);
    expect(
      references.every((p) => p.target === 'reference' && /^\d{13}$/.test(p.reference ?? '')),
    ).toBe(true);
    expect(new Set(demo.map((p) => p.idempotencyKey)).size).toBe(demo.length);
  });

  it('refuses to seed a key twice or an unknown method', () => {
    const sim = createLiquidoSimulator();
    sim.seedCharge({
      idempotencyKey: 'dup',
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    expect(() => sim.seedReference({ idempotencyKey: 'dup' })).toThrow(/seeded already/);
    expect(() =>
      sim.seedCharge({
        country: 'BR',
        paymentMethod: 'CASH' as never,
        transferStatus: 'IN_PROGRESS',
      }),
    ).toThrow(/unknown method/);
    expect(() =>
      sim.seedCharge({ country: 'BR', paymentMethod: 'BOLETO', transferStatus: 'ACTIVE' as never }),
    ).toThrow();
  });

  it('returns copies, not its state', () => {
    const sim = createLiquidoSimulator();
    const key = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    sim.getCharge(key)!.transferStatus = 'CANCELLED';
    expect(sim.getCharge(key)?.transferStatus).toBe('IN_PROGRESS');
  });
});
