import type { PaykitErrorCode } from '@paykit/core';
import { describe, expect, it } from 'vitest';
import type { LiquidoCountry, LiquidoPaymentMethod } from '../src/index.js';
import type { SeedChargeOptions } from '../src/testing/index.js';
import { apiRequests, CREDENTIALS, rejection, setup, tokenRequests } from './helpers.js';

// Written out from the seed (Brazil) and Liquido's public pages (Mexico, Colombia, newer Brazil
// methods), independently of the package's own table.
const ALLOWED: Record<LiquidoCountry, Partial<Record<LiquidoPaymentMethod, string>>> = {
  BR: {
    PIX_DYNAMIC_QR: 'IN_PROGRESS',
    BOLETO: 'IN_PROGRESS',
    CREDIT_CARD: 'AUTHORIZED',
    PIC_PAY: 'IN_PROGRESS',
    AME_QR: 'IN_PROGRESS',
    MERCADO_PAGO: 'IN_PROGRESS',
  },
  MX: { CREDIT_CARD: 'AUTHORIZED', BANK_TRANSFER: 'IN_PROGRESS', PAY_CASH: 'IN_PROGRESS' },
  CO: { CREDIT_CARD: 'AUTHORIZED', PAY_CASH: 'IN_PROGRESS' },
};
const COUNTRIES = ['BR', 'MX', 'CO'] as const;
const METHODS = [
  'PIX_DYNAMIC_QR',
  'BOLETO',
  'CREDIT_CARD',
  'PIC_PAY',
  'AME_QR',
  'MERCADO_PAGO',
  'BANK_TRANSFER',
  'PAY_CASH',
] as const;
const STATUSES = [
  'IN_PROGRESS',
  'AUTHORIZED',
  'SETTLED',
  'FAILED',
  'CANCELLED',
  'CHARGED_BACK',
] as const;
const CURRENCY = { BR: 'BRL', MX: 'MXN', CO: 'COP' } as const;

type Case = SeedChargeOptions & { expected: 'cancelled' | PaykitErrorCode };
const cases: Case[] = COUNTRIES.flatMap((country) =>
  METHODS.flatMap((paymentMethod) =>
    STATUSES.map((transferStatus) => {
      const allowed = ALLOWED[country][paymentMethod];
      const expected =
        allowed === transferStatus
          ? 'cancelled'
          : transferStatus === 'CANCELLED'
            ? 'already_cancelled'
            : 'not_cancellable';
      return { country, paymentMethod, transferStatus, expected };
    }),
  ),
);

describe('cancel a charge: every rule of the table', () => {
  it('covers every allowed combination of the table', () => {
    expect(cases.filter((c) => c.expected === 'cancelled')).toHaveLength(11);
  });

  it.each(cases)('$country $paymentMethod $transferStatus → $expected', async (c) => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedCharge({ ...c, amount: 12_345 });
    if (c.expected === 'cancelled') {
      const result = await liquido.cancelPayment({ paymentId });
      expect(result).toMatchObject({
        connector: 'liquido',
        status: 'cancelled',
        paymentId,
        providerStatus: 'CANCELLED',
        amount: { amount: 12_345, currency: CURRENCY[c.country] },
      });
      expect(sim.getCharge(paymentId)?.transferStatus).toBe('CANCELLED');
      return;
    }
    const error = await rejection(liquido.cancelPayment({ paymentId }), c.expected);
    expect(error.providerCode).toBe('400');
    expect(error.httpStatus).toBe(400);
    expect(error.providerMessage).toBeTruthy();
    // The provider's words are kept, in the message too.
    expect(error.message).toContain(error.providerMessage);
    if (c.expected === 'not_cancellable' && !ALLOWED[c.country][c.paymentMethod]) {
      expect(error.providerMessage).toMatch(/does not support cancellation/);
    }
    expect(sim.getCharge(paymentId)?.transferStatus).toBe(c.transferStatus);
  });
});

describe('cancel a charge: the wire', () => {
  it('sends POST /v1/payments/charges/cancel/{key} with the bearer token and x-api-key, no body', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
    });
    await liquido.cancelPayment({ paymentId });
    const [token, cancel] = sim.requests;
    expect(token!.path).toBe('/oauth2/token');
    expect(cancel!.method).toBe('POST');
    expect(cancel!.url).toBe(`https://liquido.sim.test/v1/payments/charges/cancel/${paymentId}`);
    expect(cancel!.body).toBe('');
    expect(cancel!.headers['x-api-key']).toBe(CREDENTIALS.apiKey);
    expect(cancel!.headers.authorization).toMatch(/^Bearer simtok_[0-9a-f]{48}$/);
    expect(cancel!.headers['user-agent']).toMatch(/^paykit\/\S+ liquido\/\S+$/);
    expect(cancel!.headers.accept).toBe('application/json');
  });

  it('answers the seed example: transferStatus CANCELLED, amount in minor units, the body as raw', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedCharge({
      idempotencyKey: '20220602-001',
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
      amount: 100,
    });
    const result = await liquido.cancelPayment({ paymentId, requestId: 'my-request-1' });
    expect(result).toMatchObject({
      connector: 'liquido',
      status: 'cancelled',
      paymentId: '20220602-001',
      requestId: 'my-request-1',
      providerStatus: 'CANCELLED',
      amount: { amount: 100, currency: 'BRL' },
    });
    expect(result.providerReference).toBeUndefined();
    // Seed 001's answer, field for field and in its order.
    expect(Object.keys(result.raw as object)).toEqual([
      'transferStatusCode',
      'transferErrorMsg',
      'idempotencyKey',
      'referenceId',
      'paymentMethod',
      'amount',
      'currency',
      'country',
      'finalAmount',
      'finalCurrency',
      'createTime',
      'scheduledTime',
      'finalStatusTime',
      'payer',
      'transferStatus',
      'description',
      'callbackUrl',
      'transferDetails',
      'subMerchantId',
    ]);
    expect(result.raw).toMatchObject({
      transferStatusCode: 200,
      transferErrorMsg: null,
      idempotencyKey: '20220602-001',
      referenceId: '20220602-001',
      transferStatus: 'CANCELLED',
      transferDetails: { pix: { qrCodeType: 'DYNAMIC' } },
      payer: { document: { type: 'CPF' } },
    });
  });

  it('percent-encodes the key in the path, and the simulator decodes it back', async () => {
    const { sim, liquido } = setup();
    for (const key of ['key+1@x', 'pagó-ñ', 'a:b;c=d&e']) {
      sim.seedCharge({
        idempotencyKey: key,
        country: 'MX',
        paymentMethod: 'PAY_CASH',
        transferStatus: 'IN_PROGRESS',
      });
      const result = await liquido.cancelPayment({ paymentId: key });
      expect(result.paymentId).toBe(key);
      expect(sim.getCharge(key)?.transferStatus).toBe('CANCELLED');
      expect(apiRequests(sim).at(-1)!.path).toBe(
        `/v1/payments/charges/cancel/${encodeURIComponent(key)}`,
      );
    }
    expect(apiRequests(sim).at(0)!.path).toBe('/v1/payments/charges/cancel/key%2B1%40x');
  });

  it('gives the PayCash reference number of a PAY_CASH charge as providerReference', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedCharge({
      country: 'CO',
      paymentMethod: 'PAY_CASH',
      transferStatus: 'IN_PROGRESS',
    });
    const result = await liquido.cancelPayment({ paymentId });
    expect(result.providerReference).toBe(sim.getCharge(paymentId)!.payCashReference);
    expect(result.providerReference).toMatch(/^\d{13}$/);
  });

  it('echoes the caller request id, or generates one; Liquido has none on the wire', async () => {
    const seen: (string | undefined)[] = [];
    const { sim, liquido } = setup({ hooks: { onRequest: (e) => seen.push(e.requestId) } });
    const a = sim.seedCharge({
      country: 'MX',
      paymentMethod: 'CREDIT_CARD',
      transferStatus: 'AUTHORIZED',
    });
    const b = sim.seedCharge({
      country: 'MX',
      paymentMethod: 'CREDIT_CARD',
      transferStatus: 'AUTHORIZED',
    });
    expect(
      (await liquido.cancelPayment({ paymentId: a, requestId: 'caller-req:1' })).requestId,
    ).toBe('caller-req:1');
    const generated = (await liquido.cancelPayment({ paymentId: b })).requestId;
    expect(generated).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(seen).toEqual(['caller-req:1', 'caller-req:1', generated]);
    expect(
      sim.requests.every((r) => !r.url.includes('caller-req') && !r.body.includes('caller-req')),
    ).toBe(true);
  });

  it('retries a 503 with the identical request, token included', async () => {
    const { sim, liquido } = setup({ maxRetries: 2 });
    const warm = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    await liquido.cancelPayment({ paymentId: warm });
    const paymentId = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    const before = sim.requests.length;
    sim.faults.inject({ type: 'status', status: 503 }, 2);
    const result = await liquido.cancelPayment({ paymentId, requestId: 'retry-1' });
    const attempts = sim.requests.slice(before);
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) {
      expect(attempt.url).toBe(attempts[0]!.url);
      expect(attempt.body).toBe(attempts[0]!.body);
      expect(attempt.headers.authorization).toBe(attempts[0]!.headers.authorization);
    }
    expect(result.requestId).toBe('retry-1');
    expect(result.status).toBe('cancelled');
  });

  it('rejects an aborted call without sending the cancel', async () => {
    const { sim, liquido } = setup({ maxRetries: 0 });
    const paymentId = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    const error = await rejection(
      liquido.cancelPayment({ paymentId, signal: AbortSignal.abort() }),
      'network_error',
    );
    expect(error.retryable).toBe(false);
    expect(sim.requests).toHaveLength(0);
    expect(sim.getCharge(paymentId)?.transferStatus).toBe('IN_PROGRESS');
  });
});

describe('cancel a PayCash reference', () => {
  const target = { liquido: { target: 'reference' as const } };

  it('sends POST /v1/payments/charges/references/cancel/{key} and answers the seed body', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedReference({
      reference: '1264248200066',
      expirationDate: '2024-09-30',
    });
    const result = await liquido.cancelPayment({ paymentId, providerOptions: target });
    expect(apiRequests(sim)[0]!.path).toBe(`/v1/payments/charges/references/cancel/${paymentId}`);
    expect(apiRequests(sim)[0]!.method).toBe('POST');
    expect(result).toMatchObject({
      status: 'cancelled',
      paymentId,
      providerStatus: 'CANCELLED',
      providerReference: '1264248200066',
      amount: { amount: 0, currency: 'MXN' },
    });
    expect(result.raw).toEqual({
      transferStatusCode: 200,
      idempotencyKey: paymentId,
      country: 'MX',
      currency: 'MXN',
      createTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/),
      status: 'CANCELLED',
      description: '',
      transferDetails: {
        payCash: { amount: 0, expirationDate: '2024-09-30', reference: '1264248200066' },
      },
    });
    expect(sim.getReference(paymentId)?.status).toBe('CANCELLED');
  });

  it('takes the amount from transferDetails.payCash', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedReference({ amount: 35_000 });
    const result = await liquido.cancelPayment({ paymentId, providerOptions: target });
    expect(result.amount).toEqual({ amount: 35_000, currency: 'MXN' });
  });

  it('refuses a reference cancelled already with already_cancelled', async () => {
    const { sim, liquido } = setup();
    const paymentId = sim.seedReference();
    await liquido.cancelPayment({ paymentId, providerOptions: target });
    const error = await rejection(
      liquido.cancelPayment({ paymentId, providerOptions: target }),
      'already_cancelled',
    );
    expect(error.providerMessage).toBe('The payment reference has already been cancelled.');
    expect(error.providerCode).toBe('400');
  });

  it('does not find a charge on the reference path, nor a reference on the charge path', async () => {
    const { sim, liquido } = setup();
    const charge = sim.seedCharge({
      country: 'MX',
      paymentMethod: 'PAY_CASH',
      transferStatus: 'IN_PROGRESS',
    });
    const reference = sim.seedReference();
    await rejection(
      liquido.cancelPayment({ paymentId: charge, providerOptions: target }),
      'payment_not_found',
    );
    await rejection(liquido.cancelPayment({ paymentId: reference }), 'payment_not_found');
    await rejection(
      liquido.cancelPayment({
        paymentId: reference,
        providerOptions: { liquido: { target: 'charge' } },
      }),
      'payment_not_found',
    );
    expect(sim.getReference(reference)?.status).toBe('ACTIVE');
  });

  it('refuses any other target with invalid_request before any request', async () => {
    const { sim, liquido } = setup();
    for (const value of ['references', 'REFERENCE', '', 1, null]) {
      await rejection(
        liquido.cancelPayment({
          paymentId: 'abc',
          providerOptions: { liquido: { target: value } } as never,
        }),
        'invalid_request',
      );
    }
    expect(sim.requests).toHaveLength(0);
  });
});

describe('cancel: answers mapped', () => {
  async function warmed() {
    const ctx = setup({ maxRetries: 0 });
    await ctx.liquido.cancelPayment({
      paymentId: ctx.sim.seedCharge({
        country: 'BR',
        paymentMethod: 'BOLETO',
        transferStatus: 'IN_PROGRESS',
      }),
    });
    return ctx;
  }
  const answer = (body: unknown, status = 200) => ({
    type: 'status' as const,
    status,
    body: JSON.stringify(body),
  });

  it('maps an unknown key (HTTP 404) to payment_not_found', async () => {
    const { liquido } = setup();
    const error = await rejection(
      liquido.cancelPayment({ paymentId: 'nobody-knows' }),
      'payment_not_found',
    );
    expect(error.httpStatus).toBe(404);
    expect(error.providerMessage).toBe('Payment not found for idempotencyKey nobody-knows.');
  });

  it('maps HTTP 404 without a JSON body to payment_not_found', async () => {
    const { sim, liquido } = await warmed();
    sim.faults.inject({ type: 'status', status: 404, body: '<html>Not Found</html>' });
    const error = await rejection(liquido.cancelPayment({ paymentId: 'k1' }), 'payment_not_found');
    expect(error.message).toBe(
      'Liquido refused the cancel of payment "k1": 404, no reason given (HTTP 404).',
    );
  });

  it('maps a refusal in an HTTP 200 (transferStatusCode 400) by its words', async () => {
    const { sim, liquido } = await warmed();
    sim.faults.inject(
      answer({
        transferStatusCode: 400,
        transferErrorMsg: 'Payment status is not allowed to cancel',
        idempotencyKey: 'k1',
      }),
    );
    const error = await rejection(liquido.cancelPayment({ paymentId: 'k1' }), 'not_cancellable');
    expect(error.providerCode).toBe('400');
    expect(error.providerMessage).toBe('Payment status is not allowed to cancel');
    expect(error.httpStatus).toBe(200);
  });

  it.each([
    ['The payment has already been cancelled.', 'already_cancelled'],
    ['Payment is cancelled already', 'already_cancelled'],
    ['Payment method BOLETO does not support cancellation in Mexico.', 'not_cancellable'],
    ['The payment reference has expired', 'not_cancellable'],
    ['Cancellation window has passed', 'cancel_window_expired'],
    ['Charge does not exist', 'payment_not_found'],
    ['Internal processing error', 'provider_error'],
  ] satisfies [string, PaykitErrorCode][])(
    'maps transferErrorMsg "%s" to %s',
    async (message, code) => {
      const { sim, liquido } = await warmed();
      sim.faults.inject(answer({ transferStatusCode: 400, transferErrorMsg: message }, 400));
      const error = await rejection(liquido.cancelPayment({ paymentId: 'k1' }), code);
      expect(error.providerCode).toBe('400');
      expect(error.providerMessage).toBe(message);
      expect(error.message).toContain(message);
    },
  );

  it('maps a 4xx without Liquido fields to provider_error with the HTTP status as code', async () => {
    const { sim, liquido } = await warmed();
    sim.faults.inject(answer({ message: 'Bad request body' }, 422));
    const error = await rejection(liquido.cancelPayment({ paymentId: 'k1' }), 'provider_error');
    expect(error.providerCode).toBe('422');
    expect(error.providerMessage).toBe('Bad request body');
  });

  it('maps a 4xx that is not JSON to provider_error with the HTTP status', async () => {
    const { sim, liquido } = await warmed();
    sim.faults.inject({ type: 'status', status: 400, body: '<html>Bad Request</html>' });
    const error = await rejection(liquido.cancelPayment({ paymentId: 'k1' }), 'provider_error');
    expect(error.httpStatus).toBe(400);
    expect(error.providerCode).toBe('400');
    expect(error.message).toContain('no reason given');
  });

  it('resolves pending when the charge has not moved yet, or the state is unknown', async () => {
    const { sim, liquido } = await warmed();
    for (const state of ['IN_PROGRESS', 'AUTHORIZED', 'SOMETHING_NEW']) {
      sim.faults.inject(
        answer({ transferStatusCode: 200, idempotencyKey: 'k1', transferStatus: state }),
      );
      const result = await liquido.cancelPayment({ paymentId: 'k1' });
      expect(result.status).toBe('pending');
      expect(result.providerStatus).toBe(state);
    }
  });

  it('never resolves when the answer shows a settled, failed or charged-back payment', async () => {
    const { sim, liquido } = await warmed();
    for (const state of ['SETTLED', 'FAILED', 'CHARGED_BACK']) {
      sim.faults.inject(
        answer({ transferStatusCode: 200, idempotencyKey: 'k1', transferStatus: state }),
      );
      const error = await rejection(liquido.cancelPayment({ paymentId: 'k1' }), 'not_cancellable');
      expect(error.providerCode).toBe(state);
    }
  });

  it('resolves a cancel Liquido confirmed even when its amount cannot be read, amount left out', async () => {
    const { sim, liquido } = await warmed();
    for (const extra of [
      { amount: 1.5, currency: 'BRL' },
      { amount: 100, currency: 'XYZ' },
      { amount: '100', currency: 'BRL' },
      { amount: 100, currency: 7 },
    ]) {
      const body = {
        transferStatusCode: 200,
        idempotencyKey: 'k1',
        transferStatus: 'CANCELLED',
        ...extra,
      };
      sim.faults.inject(answer(body));
      const result = await liquido.cancelPayment({ paymentId: 'k1' });
      expect(result.status).toBe('cancelled');
      expect(result.amount).toBeUndefined();
      expect(result.raw).toEqual(body);
    }
  });

  it('reads transferStatusCode "200" as 200, and 500 or more as a retryable provider_unavailable', async () => {
    const { sim, liquido } = await warmed();
    sim.faults.inject(
      answer({ transferStatusCode: '200', idempotencyKey: 'k1', transferStatus: 'CANCELLED' }),
    );
    expect((await liquido.cancelPayment({ paymentId: 'k1' })).status).toBe('cancelled');
    for (const [code, message] of [
      [500, 'The payment has already been cancelled.'],
      ['503', 'Internal processing error'],
      [502, null],
    ] as const) {
      sim.faults.inject(answer({ transferStatusCode: code, transferErrorMsg: message }, 400));
      const error = await rejection(
        liquido.cancelPayment({ paymentId: 'k1' }),
        'provider_unavailable',
      );
      expect(error.retryable).toBe(true);
      expect(error.providerCode).toBe(String(code));
    }
  });

  it.each([
    'Timeout while querying acquirer status, please retry',
    'Payment method service temporarily unavailable',
    'Service busy, try again later',
  ])(
    'does not call the transient "%s" a refusal: retryable provider_unavailable',
    async (message) => {
      const { sim, liquido } = await warmed();
      sim.faults.inject(answer({ transferStatusCode: 400, transferErrorMsg: message }, 400));
      const error = await rejection(
        liquido.cancelPayment({ paymentId: 'k1' }),
        'provider_unavailable',
      );
      expect(error.retryable).toBe(true);
      expect(error.providerMessage).toBe(message);
    },
  );

  it('rejects answers that are not what Liquido documents with invalid_response, retryable once GET shows the charge open', async () => {
    const { sim, liquido } = await warmed();
    sim.seedCharge({
      idempotencyKey: 'k1',
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    const bad = [
      { transferStatusCode: 200, idempotencyKey: 'k1' },
      { transferStatusCode: 200, idempotencyKey: 'other', transferStatus: 'CANCELLED' },
      { transferStatusCode: 200, idempotencyKey: 'k1', transferStatus: 7 },
      { transferStatusCode: 'abc', idempotencyKey: 'k1', transferStatus: 'CANCELLED' },
      [],
    ];
    for (const body of bad) {
      sim.faults.inject(answer(body));
      const error = await rejection(liquido.cancelPayment({ paymentId: 'k1' }), 'invalid_response');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('IN_PROGRESS');
      expect(sim.requests.at(-1)!.method).toBe('GET');
    }
    sim.faults.inject({ type: 'html' });
    await rejection(liquido.cancelPayment({ paymentId: 'k1' }), 'invalid_response');
    expect(sim.getCharge('k1')?.transferStatus).toBe('IN_PROGRESS');
  });

  it('resolves cancelled when an unreadable answer hid a cancel that GET shows happened', async () => {
    const { sim, liquido } = await warmed();
    const key = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    sim.faults.inject({ type: 'truncated' });
    const result = await liquido.cancelPayment({ paymentId: key, requestId: 'req-cut' });
    expect(result).toMatchObject({
      status: 'cancelled',
      providerStatus: 'CANCELLED',
      requestId: 'req-cut',
    });
    expect(sim.requests.at(-1)!.method).toBe('GET');
  });

  it('refuses bad payment ids and request ids with invalid_request before any request', async () => {
    const { sim, liquido } = setup();
    const ids = [
      '',
      '../x',
      'a/b',
      'a?b',
      'a#b',
      'a b',
      'a\tb',
      'a\u0000b',
      '..',
      'a%2Fb',
      'x'.repeat(65),
      42,
    ];
    for (const paymentId of ids) {
      const error = await rejection(
        liquido.cancelPayment({ paymentId: paymentId as string }),
        'invalid_request',
      );
      expect(error.message).toMatch(/^Invalid cancel input: paymentId/);
    }
    await rejection(
      liquido.cancelPayment({ paymentId: 'ok', requestId: 'has space' }),
      'invalid_request',
    );
    await rejection(
      liquido.cancelPayment({ paymentId: 'ok', requestId: 'r'.repeat(65) }),
      'invalid_request',
    );
    expect(sim.requests).toHaveLength(0);
    // 64 characters is fine.
    sim.seedCharge({
      idempotencyKey: 'k'.repeat(64),
      country: 'CO',
      paymentMethod: 'CREDIT_CARD',
      transferStatus: 'AUTHORIZED',
    });
    expect((await liquido.cancelPayment({ paymentId: 'k'.repeat(64) })).status).toBe('cancelled');
  });
});

describe('over loopback HTTP', () => {
  it('fetches the token from {baseUrl}/oauth2/token and cancels charges and references', async () => {
    const { sim } = setup();
    const server = await sim.listen();
    try {
      const { createLiquido } = await import('../src/index.js');
      const liquido = createLiquido({ ...CREDENTIALS, baseUrl: server.url, retryBaseDelayMs: 1 });
      const charge = sim.seedCharge({
        idempotencyKey: 'key+1@x',
        country: 'BR',
        paymentMethod: 'CREDIT_CARD',
        transferStatus: 'AUTHORIZED',
      });
      const reference = sim.seedReference({ amount: 5_000 });
      const a = await liquido.cancelPayment({ paymentId: charge });
      const b = await liquido.cancelPayment({
        paymentId: reference,
        providerOptions: { liquido: { target: 'reference' } },
      });
      expect(a).toMatchObject({
        status: 'cancelled',
        paymentId: 'key+1@x',
        amount: { amount: 10_000, currency: 'BRL' },
      });
      expect(b).toMatchObject({ status: 'cancelled', amount: { amount: 5_000, currency: 'MXN' } });
      expect(sim.getCharge('key+1@x')?.transferStatus).toBe('CANCELLED');
      expect(tokenRequests(sim)).toHaveLength(1);
      expect(tokenRequests(sim)[0]!.url).toBe(`${server.url}/oauth2/token`);
      expect(apiRequests(sim)[0]!.path).toBe('/v1/payments/charges/cancel/key%2B1%40x');
      const status = await liquido.getPayment({ paymentId: charge });
      expect(status.status).toBe('cancelled');
    } finally {
      await server.close();
    }
  });

  it('passes the caller signal through: an abort mid-flight rejects, not retryable', async () => {
    const { sim } = setup();
    const server = await sim.listen();
    try {
      const { createLiquido } = await import('../src/index.js');
      const liquido = createLiquido({ ...CREDENTIALS, baseUrl: server.url, retryBaseDelayMs: 1 });
      const paymentId = sim.seedCharge({
        country: 'BR',
        paymentMethod: 'BOLETO',
        transferStatus: 'IN_PROGRESS',
      });
      await liquido.getPayment({ paymentId });
      sim.faults.inject({ type: 'delay', ms: 2_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(
        liquido.cancelPayment({ paymentId, signal: controller.signal }),
        'network_error',
      );
      expect(error.retryable).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('cancel: providerOptions', () => {
  it('reads own properties only: an inherited target does not cancel a reference', async () => {
    const { sim, liquido } = setup();
    const key = sim.seedCharge({
      country: 'BR',
      paymentMethod: 'BOLETO',
      transferStatus: 'IN_PROGRESS',
    });
    const inherited = Object.create({ target: 'reference' }) as Record<string, unknown>;
    await liquido.cancelPayment({ paymentId: key, providerOptions: { liquido: inherited } });
    expect(sim.requests.at(-1)!.path).toBe(`/v1/payments/charges/cancel/${key}`);
  });

  it('refuses a providerOptions or providerOptions.liquido that is not a plain object', async () => {
    const { sim, liquido } = setup();
    for (const providerOptions of ['reference', [], { liquido: 'reference' }, { liquido: null }]) {
      await rejection(
        liquido.cancelPayment({ paymentId: 'k1', providerOptions: providerOptions as never }),
        'invalid_request',
      );
    }
    expect(sim.requests).toHaveLength(0);
  });
});
