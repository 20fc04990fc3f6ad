import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPlayground, startPlayground } from '../src/server/app.js';
import { humanizeIssue } from '../src/server/issue-text.js';
import type { CallOutcome } from '../src/shared/outcome.js';
import type { PaymentRow } from '../src/shared/types.js';
import { bearerTokens, expectNoSecrets } from './helpers/secrets.js';

let running: RunningPlayground;
const logs: string[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  running = await startPlayground({
    port: 0,
    timeoutMs: 3_000,
    retryBaseDelayMs: 1,
    log: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await running?.close();
});

async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const response = await fetch(`${running.url}${path}`, {
    ...rest,
    ...(json !== undefined
      ? {
          method: 'POST',
          body: JSON.stringify(json),
          headers: { 'content-type': 'application/json' },
        }
      : {}),
  });
  const text = await response.text();
  bodies.push(text);
  return {
    status: response.status,
    text,
    body: text.startsWith('{') ? JSON.parse(text) : undefined,
  };
}

const payments = async (id: string): Promise<PaymentRow[]> =>
  (await call(`/api/connectors/${id}/payments`)).body.payments;
const firstCancellable = async (id: string, kind?: string) =>
  (await payments(id)).find((p) => p.cancellable && (kind === undefined || p.kind === kind))!;

async function cancel(id: string, body: Record<string, unknown>): Promise<CallOutcome> {
  const { status, body: outcome } = await call(`/api/connectors/${id}/cancel`, { json: body });
  expect(status).toBe(200);
  return outcome;
}

describe('the playground API', () => {
  it('describes the four connectors, all on their simulators', async () => {
    const { body } = await call('/api/connectors');
    const ids = body.connectors.map((c: { id: string }) => c.id);
    expect(ids).toEqual(['liquido', 'payermax', 'yabandpay', 'acme-pay']);
    for (const connector of body.connectors) {
      expect(connector.mode).toBe('simulator');
      expect(connector.paymentsAvailable).toBe(true);
    }
    const byId = Object.fromEntries(body.connectors.map((c: { id: string }) => [c.id, c]));
    expect(byId.payermax.faults.map((f: { name: string }) => f.name)).toContain('bad-signature');
    expect(byId.yabandpay.options[0].choices.map((c: { value: string }) => c.value)).toEqual([
      'reversal',
      'cancel',
      'silent',
    ]);
    const [table] = byId.liquido.referenceTables;
    expect(table.when).toEqual({ target: 'reference' });
    expect(table.rows).toHaveLength(27);
    expect(table.rows).toContainEqual(['HSBC', '7755']);
    expect(table.rows).toContainEqual(['7-ELEVEN', 'not needed']);
  });

  it("lists each simulator's demo payments in the provider's states", async () => {
    const states = {
      liquido: ['IN_PROGRESS', 'AUTHORIZED', 'SETTLED', 'CANCELLED', 'ACTIVE'],
      payermax: ['AUTHORIZED', 'CAPTURED', 'CANCELLED', 'CLOSED'],
      yabandpay: ['paid', 'pending', 'expired', 'cancelled'],
      // The example connector the generator writes (examples/connector-acme-pay).
      'acme-pay': ['AUTHORIZED', 'PENDING', 'CAPTURED', 'CANCELLED', 'REFUNDED'],
    };
    for (const [id, expected] of Object.entries(states)) {
      const list = await payments(id);
      expect(list.length).toBeGreaterThan(3);
      for (const state of expected) expect(list.map((p) => p.state)).toContain(state);
      expect(list.every((p) => typeof p.amountText === 'string')).toBe(true);
    }
  });

  it.each(['liquido', 'yabandpay', 'acme-pay'])(
    'cancels a %s payment, then refuses it as already cancelled',
    async (id) => {
      const payment = await firstCancellable(id);
      const outcome = await cancel(id, { paymentId: payment.id, options: payment.options ?? {} });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.result).toMatchObject({
        connector: id,
        status: 'cancelled',
        paymentId: payment.id,
      });
      const after = (await payments(id)).find((p) => p.id === payment.id)!;
      expect(after.state).toMatch(/^(CANCELLED|cancelled)$/);

      const again = await cancel(id, { paymentId: payment.id, options: payment.options ?? {} });
      expect(again.ok).toBe(false);
      if (again.ok) return;
      expect(again.error).toMatchObject({ code: 'already_cancelled', retryable: false });
      expect(again.error.providerCode).toBeTruthy();
    },
  );

  it('shows each request as it went out: method, URL, redacted headers, body, and what was signed', async () => {
    const liquido = await cancel('liquido', { paymentId: (await firstCancellable('liquido')).id });
    const cancelRequest = liquido.events.find(
      (e) => e.kind === 'request' && e.url.includes('/charges/cancel/'),
    );
    expect(cancelRequest).toMatchObject({ method: 'POST', attempt: 1 });
    if (cancelRequest?.kind !== 'request') return;
    expect(cancelRequest.headers.authorization).toBe('[REDACTED]');
    expect(cancelRequest.headers['x-api-key']).toBe('[REDACTED]');

    for (const id of ['payermax', 'yabandpay', 'acme-pay']) {
      const payment = await firstCancellable(id);
      const outcome = await cancel(id, { paymentId: payment.id, options: payment.options ?? {} });
      const request = outcome.events.find((e) => e.kind === 'request');
      if (request?.kind !== 'request') throw new Error(`${id} sent nothing`);
      expect(request.signing?.stringToSign, id).toBeTruthy();
      expect(request.signing?.signature, id).toMatch(/^[0-9a-f]{64}$|^[A-Za-z0-9+/]+=*$/);
      expect(outcome.events.some((e) => e.kind === 'response' && e.status === 200)).toBe(true);
    }
  });

  it('cancels a Liquido PayCash reference with the reference target', async () => {
    const reference = await firstCancellable('liquido', 'PayCash reference');
    const outcome = await cancel('liquido', {
      paymentId: reference.id,
      options: { target: 'reference' },
    });
    expect(outcome.ok && outcome.result.providerStatus).toBe('CANCELLED');
    const request = outcome.events.find(
      (e) => e.kind === 'request' && e.url.includes('/references/cancel/'),
    );
    expect(request).toBeDefined();
  });

  it('PayerMax answers pending, settles later, and then refuses a second cancel', async () => {
    const payment = await firstCancellable('payermax');
    const first = await cancel('payermax', { paymentId: payment.id });
    expect(first.ok && first.result).toMatchObject({
      status: 'pending',
      providerStatus: 'PENDING',
    });
    const during = await cancel('payermax', { paymentId: payment.id });
    expect(during.ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await payments('payermax')).find((p) => p.id === payment.id)?.state).toBe('CANCELLED');
    const after = await cancel('payermax', { paymentId: payment.id });
    expect(!after.ok && after.error).toMatchObject({
      code: 'already_cancelled',
      providerCode: 'ORDER_CANCELLED',
    });
  });

  it('injects a 503 into every attempt: three requests, then provider_unavailable', async () => {
    const payment = await firstCancellable('acme-pay');
    const outcome = await cancel('acme-pay', { paymentId: payment.id, fault: '503' });
    expect(!outcome.ok && outcome.error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
    });
    expect(outcome.events.filter((e) => e.kind === 'request').map((e) => e.attempt)).toEqual([
      1, 2, 3,
    ]);
    expect(outcome.fault).toEqual({ name: '503', times: 3, hits: 3 });
    // The payment is untouched, and the fault is gone: the next call succeeds.
    expect((await cancel('acme-pay', { paymentId: payment.id })).ok).toBe(true);
  });

  it('injects a fault into the next request only: a retry recovers', async () => {
    const payment = await firstCancellable('yabandpay');
    const outcome = await cancel('yabandpay', {
      paymentId: payment.id,
      options: payment.options,
      fault: 'reset',
      faultTimes: 'once',
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.events.filter((e) => e.kind === 'request')).toHaveLength(2);
  });

  it.each([
    ['yabandpay', 'timeout', 'timeout'],
    ['liquido', 'reset', 'network_error'],
    ['payermax', 'bad-signature', 'signature_invalid'],
  ])('%s with fault %s fails with %s', async (id, fault, code) => {
    // Liquido has its token by now, so the fault hits the cancel itself.
    const payment = await firstCancellable(id);
    const outcome = await cancel(id, {
      paymentId: payment.id,
      options: payment.options ?? {},
      fault,
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe(code);
  });

  it("passes the connector's validation through, in words, before any request", async () => {
    const badId = await cancel('liquido', { paymentId: 'a/b' });
    expect(!badId.ok && badId.error.code).toBe('invalid_request');
    if (badId.ok) return;
    expect(badId.error.issues?.join(' ')).toMatch(/paymentId.*"\/"/);
    expect(badId.events).toHaveLength(0);

    const badMethod = await cancel('yabandpay', { paymentId: 'x', options: { method: 'refund' } });
    expect(!badMethod.ok && badMethod.error.issues?.join(' ')).toContain(
      'must be "reversal", "cancel" or "silent"',
    );

    const empty = await cancel('acme-pay', { paymentId: '' });
    expect(!empty.ok && empty.error.issues?.join(' ')).toContain('must not be empty');
  });

  it("validates the playground's own request bodies with words", async () => {
    const missing = await call('/api/connectors/liquido/cancel', { json: { options: {} } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.join(' ')).toContain('paymentId');
    const unknown = await call('/api/connectors/liquido/cancel', {
      json: { paymentId: 'x', amount: 5 },
    });
    expect(unknown.body.error.issues).toEqual(['Unknown field "amount"']);
    const fault = await call('/api/connectors/liquido/cancel', {
      json: { paymentId: 'x', fault: 'meteor' },
    });
    expect(fault.body.error.message).toContain(
      'fault must be one of 503, timeout, reset, bad-signature',
    );
    const notOffered = await call('/api/connectors/liquido/cancel', {
      json: { paymentId: 'x', fault: 'bad-signature' },
    });
    expect(notOffered.status).toBe(400);
    expect(notOffered.body.error.message).toContain(
      'liquido does not offer the fault "bad-signature"',
    );
    const notJson = await call('/api/connectors/liquido/cancel', {
      method: 'POST',
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.body.error.message).toBe('The body is not valid JSON.');
    const form = await call('/api/connectors/liquido/cancel', {
      method: 'POST',
      body: 'paymentId=x',
    });
    expect(form.status).toBe(400);
  });

  it('words validation issues by hand: unknown options and fields, missing ones, wrong types', async () => {
    expect(humanizeIssue('methd: Invalid key: Expected never but received "methd"', 'option')).toBe(
      'Unknown option "methd"',
    );
    expect(humanizeIssue('a: Invalid key: Expected "a" but received undefined')).toBe(
      'a is missing',
    );
    expect(humanizeIssue('mode: Invalid type: Expected ("x" | "y") but received "z"')).toBe(
      'mode must be "x" or "y", not "z"',
    );
    expect(humanizeIssue('paymentId: may hold only letters')).toBe(
      'paymentId: may hold only letters',
    );

    const methd = await call('/api/connectors/yabandpay/cancel', {
      json: { paymentId: 'x', options: { methd: 'refund' } },
    });
    expect(methd.status).toBe(400);
    expect(methd.body.error.issues).toEqual([
      'Unknown option "methd": yabandpay takes method and tid',
    ]);
    const missing = await call('/api/connectors/liquido/cancel', { json: {} });
    expect(missing.body.error.issues).toEqual(['paymentId is missing']);
  });

  it('says which faults the "next request only" form can recover from, and how many requests a fault hit', async () => {
    const { body } = await call('/api/connectors');
    const payermax = body.connectors.find((c: { id: string }) => c.id === 'payermax');
    const byName = Object.fromEntries(
      payermax.faults.map((f: { name: string; onceRecovers: boolean }) => [f.name, f.onceRecovers]),
    );
    expect(byName).toEqual({ '503': true, timeout: false, reset: true, 'bad-signature': false });
    const payment = await firstCancellable('payermax');
    const once = await cancel('payermax', {
      paymentId: payment.id,
      fault: 'bad-signature',
      faultTimes: 'once',
    });
    expect(once.fault).toEqual({ name: 'bad-signature', times: 1, hits: 1 });
    const every = await cancel('payermax', { paymentId: payment.id, fault: 'timeout' });
    // Three were injected; a timeout is not retried, so one request got it.
    expect(every.fault).toEqual({ name: 'timeout', times: 3, hits: 1 });
  });

  it('gives amounts with their ISO 4217 exponent', async () => {
    const list = await payments('liquido');
    expect(list[0]!.amount).toMatchObject({ currency: 'BRL', exponent: 2 });
  });

  it('follows a pending PayerMax cancel by asking again with the same request id until it settles', async () => {
    const payment = await firstCancellable('payermax');
    const first = await cancel('payermax', { paymentId: payment.id });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.result.status).toBe('pending');
    let check: { method: string; settled: boolean; outcome?: CallOutcome };
    let rounds = 0;
    do {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const answer = await call('/api/connectors/payermax/follow', {
        json: { paymentId: payment.id, requestId: first.result.requestId },
      });
      expect(answer.status).toBe(200);
      check = answer.body;
      rounds++;
    } while (!check.settled && rounds < 40);
    expect(check.method).toBe('repeat-cancel');
    expect(check.outcome?.ok && check.outcome.result).toMatchObject({
      status: 'cancelled',
      requestId: first.result.requestId,
    });
  });

  it('follows with the status query where the connector has one', async () => {
    const payment = await firstCancellable('yabandpay');
    const done = await cancel('yabandpay', { paymentId: payment.id, options: payment.options });
    if (!done.ok) throw new Error(done.error.message);
    const { body } = await call('/api/connectors/yabandpay/follow', {
      json: { paymentId: payment.id, requestId: done.result.requestId, options: payment.options },
    });
    expect(body).toMatchObject({
      method: 'status-query',
      settled: true,
      state: { status: 'cancelled' },
    });
  });

  it('refuses a batch that names no connector it can run, line by line', async () => {
    const bad = await call('/api/batch', {
      json: { format: 'csv', text: 'connector,paymentId\nstripe,x\n' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      'line 2: no connector "stripe" (there are liquido, payermax, yabandpay, acme-pay)',
    ]);
    const empty = await call('/api/batch', { json: { format: 'csv', text: '' } });
    expect(empty.body.error.issues).toEqual(['text: the batch is empty: paste or upload a file']);
  });

  it('answers 404 for an unknown connector, listing the registered ones', async () => {
    const { status, body } = await call('/api/connectors/stripe/payments');
    expect(status).toBe(404);
    expect(body.error.message).toContain('"liquido", "payermax", "yabandpay", "acme-pay"');
  });

  it('serves only its own files, and only under its own host name', async () => {
    const page = await call('/');
    expect(page.text).toContain('<title>paykit playground</title>');
    expect((await call('/app.js')).status).toBe(200);
    expect((await call('/../package.json')).status).toBe(404);
    expect((await call('/src/server/main.ts')).status).toBe(404);
    // fetch will not send another Host; node:http will.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${running.url}/api/connectors`,
        { headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject).end();
    });
    expect(rebound).toBe(421);
  });

  it('shows no secret in any answer or log line', async () => {
    const tokens = bearerTokens(running.playground.get('liquido').simulator!.requests);
    expect(tokens.length).toBeGreaterThan(0);
    const secrets = [...running.playground.secrets, ...tokens];
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    expectNoSecrets(bodies.join('\n'), secrets, 'an API answer');
    expect(logs.some((line) => line.includes('POST /api/connectors/'))).toBe(true);
    expectNoSecrets(logs.join('\n'), secrets, 'the server log');
  });
});

describe('sandbox mode', () => {
  it('uses the sandbox when a provider’s variables are set, and says so', async () => {
    const sandbox = await startPlayground({
      port: 0,
      env: {
        LIQUIDO_CLIENT_ID: 'sandbox-client',
        LIQUIDO_CLIENT_SECRET: 'sandbox-client-secret-value',
        LIQUIDO_API_KEY: 'sandbox-api-key-value',
        YABANDPAY_TID: 'T000000001',
      },
    });
    try {
      const { connectors } = await (await fetch(`${sandbox.url}/api/connectors`)).json();
      const byId = Object.fromEntries(connectors.map((c: { id: string }) => [c.id, c]));
      expect(byId.liquido).toMatchObject({ mode: 'sandbox', paymentsAvailable: false, faults: [] });
      expect(byId.payermax.mode).toBe('simulator');
      expect(byId.yabandpay.notice).toContain('YABANDPAY_SECRET_KEY');
      const list = await fetch(`${sandbox.url}/api/connectors/liquido/payments`);
      expect(list.status).toBe(409);
      expect((await list.json()).error.message).toContain('Type a payment id');
      const fault = await fetch(`${sandbox.url}/api/connectors/liquido/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ paymentId: 'x', fault: '503' }),
      });
      expect(fault.status).toBe(400);
      expect(sandbox.playground.secrets).toEqual(
        expect.arrayContaining(['sandbox-client-secret-value', 'sandbox-api-key-value']),
      );
    } finally {
      await sandbox.close();
    }
  });
});
