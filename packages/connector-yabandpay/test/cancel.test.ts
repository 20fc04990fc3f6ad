import { type Connector, createRegistry } from '@paykit/core';
import { defineConnector } from '@paykit/core/connector';
import { describe, expect, it } from 'vitest';
import { errorCodeFor } from '../src/yabandpay-status.js';
import { answer, rejection, SECRET, sentBody, setup, TID } from './helpers.js';

describe('cancelPayment: reversal (default)', () => {
  it('reverses a paid payment of today and maps the seed answer', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({
      amount: '0.10',
      currency: 'EUR',
      orderId: '280244567856723026',
    });
    const result = await connector.cancelPayment({
      paymentId,
      requestId: 'abcDEF0123456789abcdef0123',
    });
    expect(result).toEqual({
      connector: 'yabandpay',
      status: 'cancelled',
      paymentId,
      requestId: 'abcDEF0123456789abcdef0123',
      providerStatus: 'cancelled',
      providerReference: '280244567856723026',
      amount: { amount: 10, currency: 'EUR' },
      raw: expect.objectContaining({ status: true, code: '200', message: '' }),
    });
    expect(sim.getPayment(paymentId)).toMatchObject({
      state: 'cancelled',
      cancelledBy: 'v3.POSReversal',
    });
    const body = sentBody(sim.requests[0]!.body);
    expect(body.method).toBe('v3.POSReversal');
    expect(body.user).toBe(TID);
    expect(body.data).toEqual({
      tid: TID,
      trade_id: paymentId,
      request_id: 'abcDEF0123456789abcdef0123',
    });
  });

  it('converts amounts with the currency exponent (JPY has none)', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ amount: '1500', currency: 'JPY' });
    const result = await connector.cancelPayment({ paymentId });
    expect(result.amount).toEqual({ amount: 1500, currency: 'JPY' });
  });

  it('generates a unique request_id of 32 letters and digits, sent and returned', async () => {
    const { sim, connector } = setup();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const result = await connector.cancelPayment({ paymentId: sim.seedPayment() });
      expect(result.requestId).toMatch(/^[A-Za-z0-9]{32}$/);
      expect((sentBody(sim.requests[i]!.body).data as { request_id: string }).request_id).toBe(
        result.requestId,
      );
      ids.add(result.requestId);
    }
    expect(ids.size).toBe(5);
  });

  it('takes the terminal id from providerOptions over the settings', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({
      paymentId,
      providerOptions: { yabandpay: { tid: 'T999000111' } },
    });
    const body = sentBody(sim.requests[0]!.body);
    expect(body.user).toBe('T999000111');
    expect(body.data).toMatchObject({ tid: 'T999000111' });
  });

  it('works with the terminal id given only per call', async () => {
    const { sim, connector } = setup({ tid: undefined });
    const paymentId = sim.seedPayment();
    const result = await connector.cancelPayment({
      paymentId,
      providerOptions: { yabandpay: { tid: TID } },
    });
    expect(result.status).toBe('cancelled');
  });
});

describe('cancelPayment: POS cancel and silent cancel', () => {
  it("'cancel' sends v3.POSCancel and cancels an unpaid order", async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ state: 'pending' });
    const result = await connector.cancelPayment({
      paymentId,
      providerOptions: { yabandpay: { method: 'cancel' } },
    });
    expect(result.status).toBe('cancelled');
    const body = sentBody(sim.requests[0]!.body);
    expect(body.method).toBe('v3.POSCancel');
    expect(body.data).toEqual({ tid: TID, trade_id: paymentId, request_id: result.requestId });
    expect(sim.getPayment(paymentId)?.cancelledBy).toBe('v3.POSCancel');
  });

  it("'cancel' of a paid payment is not_cancellable (-4115)", async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ state: 'paid' });
    const error = await rejection(
      connector.cancelPayment({ paymentId, providerOptions: { yabandpay: { method: 'cancel' } } }),
    );
    expect(error).toMatchObject({ code: 'not_cancellable', providerCode: '-4115' });
  });

  it("'silent' sends v3.CancelPayment with data { trade_id } only", async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    const result = await connector.cancelPayment({
      paymentId,
      providerOptions: { yabandpay: { method: 'silent' } },
    });
    expect(result.status).toBe('cancelled');
    expect(result.requestId).toMatch(/^[A-Za-z0-9]{32}$/);
    const body = sentBody(sim.requests[0]!.body);
    expect(body.method).toBe('v3.CancelPayment');
    expect(body.user).toBe(TID);
    expect(body.data).toEqual({ trade_id: paymentId });
  });

  it("'silent' cancels yesterday's payment until 00:30 CET, and not after", async () => {
    let clock = Date.UTC(2024, 2, 5, 23, 10); // 00:10 CET on 6 March
    const { sim, connector } = setup({}, { now: () => clock });
    const createdAt = Date.UTC(2024, 2, 5, 12, 0); // 13:00 CET on 5 March
    const early = sim.seedPayment({ createdAt });
    const late = sim.seedPayment({ createdAt });
    const silent = { yabandpay: { method: 'silent' as const } };

    const reversal = await rejection(connector.cancelPayment({ paymentId: early }));
    expect(reversal).toMatchObject({ code: 'cancel_window_expired', providerCode: '-4111' });
    const result = await connector.cancelPayment({ paymentId: early, providerOptions: silent });
    expect(result.status).toBe('cancelled');

    clock = Date.UTC(2024, 2, 5, 23, 30); // 00:30 CET: the window is over
    const error = await rejection(
      connector.cancelPayment({ paymentId: late, providerOptions: silent }),
    );
    expect(error).toMatchObject({ code: 'cancel_window_expired', providerCode: '-4111' });
  });

  it("'silent' refuses a refunded payment (full amount only)", async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ refunded: true });
    const error = await rejection(
      connector.cancelPayment({ paymentId, providerOptions: { yabandpay: { method: 'silent' } } }),
    );
    expect(error).toMatchObject({ code: 'not_cancellable', providerCode: '-4115' });
  });
});

describe('cancelPayment: every documented error code, from the simulator', () => {
  const cases = [
    {
      name: 'a reversal of yesterday',
      seed: { day: 'yesterday' },
      code: 'cancel_window_expired',
      provider: '-4111',
    },
    {
      name: 'a cleared payment',
      seed: { cleared: true },
      code: 'not_cancellable',
      provider: '-4112',
    },
    {
      name: 'an unpaid payment',
      seed: { state: 'pending' },
      code: 'not_cancellable',
      provider: '-4115',
    },
    {
      name: 'a refunded payment',
      seed: { refunded: true },
      code: 'not_cancellable',
      provider: '-4115',
    },
    {
      name: 'a failed payment',
      seed: { state: 'failed' },
      code: 'not_cancellable',
      provider: '-4115',
    },
    {
      name: 'a cancelled payment',
      seed: { state: 'cancelled' },
      code: 'already_cancelled',
      provider: '-4116',
    },
    {
      name: 'an expired payment',
      seed: { expired: true },
      code: 'not_cancellable',
      provider: '-4117',
    },
    {
      name: 'a payment in state expired',
      seed: { state: 'expired' },
      code: 'not_cancellable',
      provider: '-4117',
    },
  ] as const;

  for (const c of cases) {
    it(`${c.name} → ${c.code} (${c.provider})`, async () => {
      const { sim, connector } = setup();
      const paymentId = sim.seedPayment(c.seed);
      const error = await rejection(
        connector.cancelPayment({ paymentId, requestId: 'req0123456789abcdefghijklmn' }),
      );
      expect(error.code).toBe(c.code);
      expect(error.providerCode).toBe(c.provider);
      expect(error.connector).toBe('yabandpay');
      expect(error.requestId).toBe('req0123456789abcdefghijklmn');
      expect(error.retryable).toBe(false);
      expect(error.providerMessage).toBeTruthy();
      expect(error.message).toContain(c.provider);
      expect(error.message).toContain(error.providerMessage!);
      expect(sim.getPayment(paymentId)?.cancelledBy).toBeUndefined();
    });
  }

  it('an unknown trade_id → payment_not_found (-4114)', async () => {
    const { connector } = setup();
    const error = await rejection(connector.cancelPayment({ paymentId: 'no-such-trade' }));
    expect(error).toMatchObject({
      code: 'payment_not_found',
      providerCode: '-4114',
      providerMessage: 'The trade_id does not exist',
    });
  });

  it('a second reversal → already_cancelled (-4116)', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId });
    const error = await rejection(connector.cancelPayment({ paymentId }));
    expect(error).toMatchObject({ code: 'already_cancelled', providerCode: '-4116' });
  });

  it('a reused request_id (-3002) is looked up, never reported as it came', async () => {
    const { sim, connector } = setup();
    const requestId = 'sameRequest0123456789abcdef';
    await connector.cancelPayment({ paymentId: sim.seedPayment(), requestId });
    const second = sim.seedPayment();
    // QueryOrder shows the payment paid (00): a reversal may still be running, so not proven.
    const result = await connector.cancelPayment({ paymentId: second, requestId });
    expect(result).toMatchObject({ status: 'pending', providerStatus: '00', requestId });
    expect(JSON.parse(sim.requests.at(-1)!.body).method).toBe('v3.QueryOrder');
    expect(sim.getPayment(second)?.state).toBe('paid');
  });

  it('a wrong secret key → the simulator refuses the signature: provider_error -1', async () => {
    const { sim, connector } = setup({ secretKey: 'another-secret-key-0000000000' });
    const paymentId = sim.seedPayment();
    const error = await rejection(connector.cancelPayment({ paymentId }));
    expect(error).toMatchObject({
      code: 'provider_error',
      providerCode: '-1',
      providerMessage: 'Signature error',
    });
    expect(sim.getPayment(paymentId)?.state).toBe('paid');
  });
});

describe('cancelPayment: the answer mapping, code by code', () => {
  const table = [
    ['-3001', 'invalid_request'],
    ['-3002', 'duplicate_request'],
    ['-4111', 'cancel_window_expired'],
    ['-4112', 'not_cancellable'],
    ['-4114', 'payment_not_found'],
    ['-4115', 'not_cancellable'],
    ['-4116', 'already_cancelled'],
    ['-4117', 'not_cancellable'],
    ['-9999', 'provider_error'],
    ['200', 'provider_error'],
  ] as const;

  it('maps -3002 to duplicate_request, which core confirms with v3.QueryOrder before reporting', async () => {
    expect(errorCodeFor('-3002')).toBe('duplicate_request');
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ state: 'cancelled' });
    sim.faults.inject(answer({ status: false, code: '-3002', data: [], message: 'dup' }));
    const result = await connector.cancelPayment({ paymentId });
    expect(result).toMatchObject({ status: 'cancelled', providerStatus: '08' });
  });

  for (const [providerCode, code] of table.filter(([c]) => c !== '-3002')) {
    it(`status false, code ${providerCode} → ${code}, code and message kept`, async () => {
      const { sim, connector } = setup();
      sim.faults.inject(
        answer({ status: false, code: providerCode, data: [], message: `msg for ${providerCode}` }),
      );
      const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
      expect(error).toMatchObject({
        code,
        providerCode,
        providerMessage: `msg for ${providerCode}`,
        httpStatus: 200,
      });
      expect(error.message).toContain(`msg for ${providerCode}`);
    });
  }

  it('falls back on the documented message when the answer has none', async () => {
    const { sim, connector } = setup();
    sim.faults.inject(answer({ status: false, code: '-4111', message: '' }));
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(error.providerMessage).toBe('Exceed cancel window');
  });

  it('maps a non-2xx answer with a YabandPay body by its code', async () => {
    const { sim, connector } = setup();
    sim.faults.inject(
      answer({ status: false, code: '-4114', message: 'The trade_id does not exist' }, 400),
    );
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(error).toMatchObject({ code: 'payment_not_found', httpStatus: 400 });
  });

  for (const status of [401, 403]) {
    it(`HTTP ${status} → authentication_failed`, async () => {
      const { sim, connector } = setup();
      sim.faults.inject(answer('Forbidden', status));
      const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
      expect(error).toMatchObject({
        code: 'authentication_failed',
        httpStatus: status,
        retryable: false,
      });
    });
  }

  for (const [status, body] of [
    [400, 'Bad Request'],
    [404, '<html>Not Found</html>'],
    [418, '{"error":"teapot"}'],
  ] as const) {
    it(`HTTP ${status} without a YabandPay body → provider_error with httpStatus`, async () => {
      const { sim, connector } = setup();
      sim.faults.inject(answer(body, status));
      const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
      expect(error).toMatchObject({
        code: 'provider_error',
        httpStatus: status,
        providerMessage: body,
      });
    });
  }

  it('a wrong base path reaches the simulator 404 → provider_error 404', async () => {
    const { sim } = setup();
    const server = await sim.listen();
    try {
      const { connector } = setup({ fetch: undefined, baseUrl: `${server.url}/v2` });
      const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
      expect(error).toMatchObject({ code: 'provider_error', httpStatus: 404 });
    } finally {
      await server.close();
    }
  });

  const badShapes: [string, unknown][] = [
    ['status as a string', { status: 'true', code: '200', data: { state: 'cancelled' } }],
    ['code as a number', { status: true, code: 200, data: { state: 'cancelled' } }],
    ['failure code as a number', { status: false, code: -4114, message: 'x' }],
    ['no status', { code: '200', data: { state: 'cancelled' } }],
    ['an array', [{ status: true }]],
    ['status true with another code', { status: true, code: '500', data: { state: 'cancelled' } }],
    ['no data', { status: true, code: '200', message: '' }],
    ['data without state', { status: true, code: '200', data: { trade_id: 'x' } }],
  ];

  for (const [name, data] of [
    ['an amount that is not decimal', { amount: '1,00', currency: 'EUR' }],
    ['an unknown currency', { amount: '1.00', currency: 'XYZ' }],
    ['more decimals than EUR has', { amount: '1.001', currency: 'EUR' }],
  ] as const) {
    it(`a confirmed cancel with ${name} resolves, the amount left out and kept in raw`, async () => {
      const { sim, connector } = setup();
      const body = { status: true, code: '200', data: { state: 'cancelled', ...data } };
      sim.faults.inject(answer(body));
      const result = await connector.cancelPayment({ paymentId: sim.seedPayment() });
      expect(result.status).toBe('cancelled');
      expect(result.amount).toBeUndefined();
      expect(result.raw).toEqual(body);
    });
  }
  for (const [name, body] of badShapes) {
    it(`a 200 answer with ${name} → invalid_response`, async () => {
      const { sim, connector } = setup();
      sim.faults.inject(answer(body));
      const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
      expect(error.code).toBe('invalid_response');
    });
  }

  it('an answer about another trade_id → invalid_response, never a success', async () => {
    const { sim, connector } = setup();
    sim.faults.inject(
      answer({ status: true, code: '200', data: { state: 'cancelled', trade_id: 'other' } }),
    );
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(error.code).toBe('invalid_response');
  });

  it('an HTML page (200) → invalid_response', async () => {
    const { sim, connector } = setup({ maxRetries: 0 });
    sim.faults.inject({ type: 'html' });
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(error).toMatchObject({ code: 'invalid_response', httpStatus: 200 });
  });

  it('a truncated answer to a reversal that happened → confirmed cancelled with v3.QueryOrder', async () => {
    const { sim, connector } = setup({ maxRetries: 0 });
    sim.faults.inject({ type: 'truncated' });
    const result = await connector.cancelPayment({ paymentId: sim.seedPayment() });
    expect(result).toMatchObject({ status: 'cancelled', providerStatus: '08' });
    expect(JSON.parse(sim.requests.at(-1)!.body).method).toBe('v3.QueryOrder');
  });

  it('an unreadable answer while QueryOrder shows the payment still paid → invalid_response, retryable', async () => {
    const { sim, connector } = setup({ maxRetries: 0 });
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'html' });
    const error = await rejection(connector.cancelPayment({ paymentId }));
    expect(error).toMatchObject({ code: 'invalid_response', retryable: true });
    expect(error.message).toContain('00');
    expect(sim.getPayment(paymentId)?.state).toBe('paid');
  });

  for (const state of ['pending', 'processing', 'paid', 'weird']) {
    it(`a success answer in state "${state}" → pending, never cancelled`, async () => {
      const { sim, connector } = setup();
      const paymentId = sim.seedPayment();
      sim.faults.inject(
        answer({ status: true, code: '200', data: { state, trade_id: paymentId } }),
      );
      const result = await connector.cancelPayment({ paymentId });
      expect(result).toMatchObject({ status: 'pending', providerStatus: state });
      expect(result.amount).toBeUndefined();
      expect(result.providerReference).toBeUndefined();
    });
  }
});

describe('cancelPayment: retries', () => {
  it('sends the same request_id, time and sign on every retry, signed once', async () => {
    let tick = 1_700_000_000_000;
    // A clock that moves on every read: a connector that re-signed per attempt would send new times.
    const { sim, connector } = setup({ maxRetries: 2, now: () => (tick += 5_000) });
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'status', status: 503 }, 1);
    sim.faults.inject({ type: 'reset' }, 1);
    const result = await connector.cancelPayment({ paymentId });
    expect(result.status).toBe('cancelled');
    expect(sim.requests).toHaveLength(3);
    const [first, second, third] = sim.requests.map((r) => r.body);
    expect(second).toBe(first);
    expect(third).toBe(first);
    const body = sentBody(first!);
    expect((body.data as { request_id: string }).request_id).toBe(result.requestId);
  });

  it('retries a 429 and a 502, then succeeds', async () => {
    const { sim, connector } = setup({ maxRetries: 2 });
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'status', status: 429, headers: { 'retry-after': '0' } });
    sim.faults.inject({ type: 'status', status: 502 });
    const result = await connector.cancelPayment({
      paymentId,
      requestId: 'retryReq0123456789abcdefghij',
    });
    expect(result.requestId).toBe('retryReq0123456789abcdefghij');
    expect(new Set(sim.requests.map((r) => r.body)).size).toBe(1);
  });

  it('gives up after maxRetries with provider_unavailable', async () => {
    const { sim, connector } = setup({ maxRetries: 1 });
    sim.faults.inject({ type: 'status', status: 500 }, 2);
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true, httpStatus: 500 });
    expect(sim.requests).toHaveLength(2);
  });

  it('passes the caller abort signal through', async () => {
    const { sim, connector } = setup({ maxRetries: 0 });
    const controller = new AbortController();
    sim.faults.inject({ type: 'delay', ms: 1_000 });
    const pending = connector.cancelPayment({
      paymentId: sim.seedPayment(),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect(error).toMatchObject({ code: 'network_error', retryable: false });
  });
});

describe('cancelPayment: bad input is invalid_request before any request', () => {
  const inputs: [string, unknown][] = [
    ['no input', undefined],
    ['a null input', null],
    ['an empty paymentId', { paymentId: '' }],
    ['a numeric paymentId', { paymentId: 42 }],
    ['a 65-character paymentId', { paymentId: 'a'.repeat(65) }],
    ['a path trick', { paymentId: '../x' }],
    ['a slash', { paymentId: 'a/b' }],
    ['a space', { paymentId: 'a b' }],
    ['a dot', { paymentId: 'a.b' }],
    ['an ampersand (would change the signed string)', { paymentId: 'a&user=x' }],
    ['a request id with a dash', { paymentId: 'abc', requestId: 'abc-def' }],
    ['a request id with a space', { paymentId: 'abc', requestId: 'abc def' }],
    ['an empty request id', { paymentId: 'abc', requestId: '' }],
    ['a 65-character request id', { paymentId: 'abc', requestId: 'a'.repeat(65) }],
    [
      'an unknown method',
      { paymentId: 'abc', providerOptions: { yabandpay: { method: 'refund' } } },
    ],
    [
      'a misspelt option',
      { paymentId: 'abc', providerOptions: { yabandpay: { methd: 'silent' } } },
    ],
    ['a malformed tid', { paymentId: 'abc', providerOptions: { yabandpay: { tid: 'T 1' } } }],
    ['a signal that is not an AbortSignal', { paymentId: 'abc', signal: 'stop' }],
  ];

  for (const [name, input] of inputs) {
    it(name, async () => {
      const { sim, connector } = setup();
      const error = await rejection(connector.cancelPayment(input as never));
      expect(error.code).toBe('invalid_request');
      expect(error.connector).toBe('yabandpay');
      expect(sim.requests).toHaveLength(0);
    });
  }

  it('no terminal id in the settings nor providerOptions', async () => {
    const { sim, connector } = setup({ tid: undefined });
    const error = await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('tid');
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses a key other than its own: a misspelt id would have run a reversal', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    const error = await rejection(
      (connector as Connector).cancelPayment({
        paymentId,
        providerOptions: { yabandpy: { method: 'silent' } },
      }),
      'invalid_request',
    );
    expect(error.message).toContain('providerOptions may hold only "yabandpay", not "yabandpy"');
    expect(sim.requests).toHaveLength(0);
  });

  it('through the registry, takes its own entry of options addressed to several connectors', async () => {
    const { sim, connector } = setup();
    const registry = createRegistry([connector, defineConnector(otherConnector('payermax'))]);
    const providerOptions = { payermax: { anything: true }, yabandpay: { method: 'silent' } };
    const result = await registry.cancelPayment('yabandpay', {
      paymentId: sim.seedPayment(),
      providerOptions,
    });
    expect(result.status).toBe('cancelled');
    expect(JSON.parse(sim.requests.at(-1)!.body).method).toBe('v3.CancelPayment');
    await rejection(
      registry.cancelPayment('yabandpay', {
        paymentId: sim.seedPayment(),
        providerOptions: { yabandpy: { method: 'silent' } },
      }),
      'invalid_request',
    );
    expect(sim.requests).toHaveLength(1);
  });
});

/** A connector that only has to be registered beside YabandPay. */
function otherConnector(id: string) {
  return {
    id,
    displayName: id,
    capabilities: ['cancelPayment'] as const,
    cancelPayment: () => Promise.reject(new Error(`${id} must not be called`)),
  };
}

describe('settings', () => {
  const bad: [string, unknown][] = [
    ['no settings', undefined],
    ['no secretKey', { tid: TID }],
    ['a short secretKey', { secretKey: 'abcdefghij' }],
    ['a numeric secretKey', { secretKey: 1234567890123456 }],
    ['a malformed tid', { secretKey: SECRET, tid: 'T/1' }],
    ['an unknown environment', { secretKey: SECRET, environment: 'live' }],
    ['a relative baseUrl', { secretKey: SECRET, baseUrl: '/api' }],
  ];
  for (const [name, settings] of bad) {
    it(`${name} → configuration_error at construction`, async () => {
      const { createYabandPay } = await import('../src/index.js');
      let error: unknown;
      try {
        createYabandPay(settings as never);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'configuration_error' });
      expect(String((error as Error).message)).not.toContain('abcdefghij');
    });
  }

  it('declares the contract', () => {
    const { connector } = setup();
    expect(connector.id).toBe('yabandpay');
    expect(connector.displayName).toBe('YabandPay');
    expect(connector.specificationVersion).toBe('v1');
    expect([...connector.capabilities]).toEqual(['cancelPayment', 'getPayment', 'verifyWebhook']);
  });

  it('defaults to https://mapi.yabandpay.com in both environments', async () => {
    for (const environment of ['sandbox', 'production'] as const) {
      const urls: string[] = [];
      const { sim, connector } = setup({
        environment,
        fetch: async (input, init) => {
          const request = new Request(input, init);
          urls.push(request.url);
          return sim.fetch(request);
        },
      });
      await connector.cancelPayment({ paymentId: sim.seedPayment() });
      expect(urls).toEqual(['https://mapi.yabandpay.com/Payments']);
    }
  });

  it('sends the paykit user agent', async () => {
    const { sim, connector } = setup();
    await connector.cancelPayment({ paymentId: sim.seedPayment() });
    expect(sim.requests[0]!.headers['user-agent']).toMatch(/^paykit\/\S+ yabandpay\/\d+\.\d+\.\d+/);
  });

  it('never puts the secret key in errors or hook events', async () => {
    const events: unknown[] = [];
    const { sim, connector } = setup({
      hooks: {
        onRequest: (e) => events.push(e),
        onResponse: (e) => events.push(e),
        onError: (e) => events.push(e),
      },
      maxRetries: 0,
    });
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));
    sim.faults.inject(answer({ status: false, code: '-4114', message: `leak ${SECRET}` }));
    await collect(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    sim.faults.inject(answer(`oops ${SECRET}`, 400));
    await collect(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    sim.faults.inject({ type: 'reset' });
    await collect(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    await collect(connector.cancelPayment({ paymentId: '../x' }));
    sim.faults.inject(answer({ status: SECRET, code: '200' }));
    await collect(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    sim.faults.inject(answer({ status: true, code: SECRET, data: { state: 'cancelled' } }));
    await collect(connector.cancelPayment({ paymentId: sim.seedPayment() }));
    sim.faults.inject(
      answer({ status: true, code: '200', data: { transaction_info: { state: 7, x: SECRET } } }),
    );
    await collect(connector.getPayment({ paymentId: sim.seedPayment() }));
    expect(errors).toHaveLength(7);
    expect(errors.slice(4).map((e) => (e as { code: string }).code)).toEqual(
      Array(3).fill('invalid_response'),
    );
    const { inspect } = await import('node:util');
    for (const view of [
      ...errors.flatMap((e) => [
        String((e as Error).stack),
        JSON.stringify(e),
        inspect(e, { showHidden: true }),
      ]),
      JSON.stringify(events),
    ]) {
      expect(view).not.toContain(SECRET);
    }
    expect(JSON.stringify(errors[0])).toContain('[REDACTED]');
  });
});

describe('cancelPayment: providerOptions', () => {
  it('reads own properties only: an inherited method does not turn a reversal into a silent cancel', async () => {
    const { sim, connector } = setup();
    const inherited = Object.create({ method: 'silent', tid: 'T999' }) as Record<string, unknown>;
    await connector.cancelPayment({
      paymentId: sim.seedPayment(),
      providerOptions: { yabandpay: inherited },
    });
    const sent = JSON.parse(sim.requests.at(-1)!.body);
    expect(sent.method).toBe('v3.POSReversal');
    expect(sent.user).toBe(TID);
  });

  it('refuses a providerOptions or providerOptions.yabandpay that is not a plain object', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    for (const providerOptions of [
      'silent',
      ['silent'],
      { yabandpay: 'silent' },
      { yabandpay: ['silent'] },
      { yabandpay: null },
      { yabandpay: new Map([['method', 'silent']]) },
    ]) {
      const error = await rejection(
        connector.cancelPayment({ paymentId, providerOptions: providerOptions as never }),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(/providerOptions(\.yabandpay)? must be a plain object/);
    }
    expect(sim.requests).toHaveLength(0);
  });
});
