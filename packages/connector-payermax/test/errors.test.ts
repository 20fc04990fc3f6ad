import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaykitErrorCode } from '@paykit/core';
import { describe, expect, it } from 'vitest';
import { PAYERMAX_ERROR_CODES } from '../src/index.js';
import { generatePayerMaxTestKeys } from '../src/testing/index.js';
import { keys, makeConnector, makeSim, rejection, scripted, setup } from './helpers.js';

// Codes that state something about the payment: an unsigned answer may not claim them.
const STATE_CODES: readonly PaykitErrorCode[] = [
  'payment_not_found',
  'already_cancelled',
  'not_cancellable',
  'cancel_window_expired',
];

const EXPECTED: Record<string, PaykitErrorCode> = {
  SYSTEM_ERROR: 'provider_unavailable',
  REQUEST_TIMEOUT: 'timeout',
  UNEXPECTED_ERROR: 'provider_error',
  TOO_MANY_REQUEST: 'rate_limited',
  REQ_TIME_OVER_TIME: 'provider_error',
  SIGN_VERIFY_FAILED: 'authentication_failed',
  MERCHANT_INVALID: 'authentication_failed',
  MERCHANT_APP_INVALID: 'authentication_failed',
  PARAMS_INVALID: 'invalid_request',
  CONTRACT_INVALID: 'provider_error',
  ORDER_NOT_EXIST: 'payment_not_found',
  TRADE_NOT_EXIST: 'payment_not_found',
  INVALID_SIGNATURE: 'authentication_failed',
  DUPLICATE_REQUEST: 'duplicate_request',
  REPEAT_REQUEST: 'duplicate_request',
  ORDER_STATUS_NOT_SUPPORT: 'not_cancellable',
  ORDER_CLOSED: 'not_cancellable',
  ORDER_CANCELLED: 'already_cancelled',
};

describe('error codes in answers', () => {
  it('the table covers every mapped code, and only those', () => {
    expect(PAYERMAX_ERROR_CODES).toEqual(EXPECTED);
  });

  for (const [providerCode, mapped] of Object.entries(EXPECTED)) {
    for (const signed of [false, true]) {
      const code = !signed && STATE_CODES.includes(mapped) ? 'provider_error' : mapped;
      it(`${providerCode} (${signed ? 'signed' : 'unsigned'}) rejects with ${code}`, async () => {
        const { sim, connector } = setup();
        const paymentId = sim.seedPayment();
        scripted(sim, { msg: `message for ${providerCode}`, code: providerCode }, signed);
        const error = await rejection(
          connector.cancelPayment({ paymentId, requestId: 'mapped-1' }),
          code,
        );
        expect(error.providerCode).toBe(providerCode);
        expect(error.providerMessage).toBe(`message for ${providerCode}`);
        expect(error.message).toContain(providerCode);
        expect(error.message).toContain(`message for ${providerCode}`);
        expect(error).toMatchObject({
          connector: 'payermax',
          requestId: 'mapped-1',
          httpStatus: 200,
        });
        expect(sim.requests).toHaveLength(1);
      });
    }
  }

  it('an unknown code is provider_error with its code and message kept', async () => {
    const { sim, connector } = setup();
    scripted(sim, { msg: 'Something new.', code: 'BRAND_NEW_CODE' }, false);
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'provider_error',
    );
    expect(error).toMatchObject({
      providerCode: 'BRAND_NEW_CODE',
      providerMessage: 'Something new.',
    });
    expect(error.retryable).toBe(false);
  });

  it('SYSTEM_ERROR and TOO_MANY_REQUEST are retryable by the caller', async () => {
    const { sim, connector } = setup();
    scripted(sim, { msg: 'System is busy, please try again later.', code: 'SYSTEM_ERROR' });
    const busy = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'provider_unavailable',
    );
    expect(busy.retryable).toBe(true);
    scripted(sim, {
      msg: 'Exceed request limitation, please retry later',
      code: 'TOO_MANY_REQUEST',
    });
    const limited = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'rate_limited',
    );
    expect(limited.retryable).toBe(true);
  });

  it('a long provider message is cut to 300 characters', async () => {
    const { sim, connector } = setup();
    scripted(sim, { msg: 'x'.repeat(1_000), code: 'UNEXPECTED_ERROR' }, false);
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'provider_error',
    );
    expect(error.providerMessage).toHaveLength(300);
  });
});

describe('refusals the simulator produces', () => {
  it('an unknown outTradeNo is payment_not_found', async () => {
    const { connector } = setup();
    const error = await rejection(
      connector.cancelPayment({ paymentId: 'NO-SUCH-ORDER' }),
      'payment_not_found',
    );
    expect(error.providerCode).toBe('ORDER_NOT_EXIST');
  });

  it('a captured order fails the cancel: not_cancellable with data.errorCode and errorMsg', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ status: 'CAPTURED' });
    const error = await rejection(
      connector.cancelPayment({ paymentId, requestId: 'cap-1' }),
      'not_cancellable',
    );
    expect(error.providerCode).toBe('ORDER_STATUS_NOT_SUPPORT');
    expect(error.providerMessage).toBe('The order has been captured; refund it instead.');
    expect(error.message).toContain('ORDER_STATUS_NOT_SUPPORT');
    expect(error.requestId).toBe('cap-1');
    expect(sim.getPayment(paymentId)?.status).toBe('CAPTURED');
  });

  it('a second cancel of a cancelled order with a new requestId is already_cancelled', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId, requestId: 'first-1' });
    const error = await rejection(
      connector.cancelPayment({ paymentId, requestId: 'second-1' }),
      'already_cancelled',
    );
    expect(error.providerCode).toBe('ORDER_CANCELLED');
  });

  it('a seeded cancelled order is already_cancelled; a closed one not_cancellable', async () => {
    const { sim, connector } = setup();
    const cancelled = sim.seedPayment({ status: 'CANCELLED' });
    await rejection(connector.cancelPayment({ paymentId: cancelled }), 'already_cancelled');
    const closed = sim.seedPayment({ status: 'CLOSED' });
    const error = await rejection(
      connector.cancelPayment({ paymentId: closed }),
      'not_cancellable',
    );
    expect(error.providerCode).toBe('ORDER_CLOSED');
    for (const status of ['PENDING', 'FAILED', 'REFUNDED'] as const) {
      const paymentId = sim.seedPayment({ status });
      const refused = await rejection(connector.cancelPayment({ paymentId }), 'not_cancellable');
      expect(refused.providerCode).toBe('ORDER_STATUS_NOT_SUPPORT');
    }
  });

  it('a second cancel while one is pending is not_cancellable', async () => {
    const { sim, connector } = setup({ settleAfterMs: 60_000 });
    const paymentId = sim.seedPayment();
    await connector.cancelPayment({ paymentId, requestId: 'pending-a' });
    const error = await rejection(
      connector.cancelPayment({ paymentId, requestId: 'pending-b' }),
      'not_cancellable',
    );
    expect(error.providerMessage).toBe('A cancel of this order is in progress.');
  });

  it('a requestId already used for another order is duplicate_request', async () => {
    const { sim, connector } = setup();
    await connector.cancelPayment({ paymentId: sim.seedPayment(), requestId: 'reused-1' });
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment(), requestId: 'reused-1' }),
      'duplicate_request',
    );
    expect(error.providerCode).toBe('DUPLICATE_REQUEST');
  });

  it('a request signed with a key PayerMax does not know is authentication_failed', async () => {
    const other = generatePayerMaxTestKeys();
    const sim = makeSim();
    const connector = makeConnector(sim, { privateKey: other.merchantPrivateKey });
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'authentication_failed',
    );
    expect(error.providerCode).toBe('SIGN_VERIFY_FAILED');
    // The refusal came unsigned and was still mapped.
    expect(sim.requests).toHaveLength(1);
  });

  it('an unknown appId or another merchantNo is authentication_failed', async () => {
    const sim = makeSim({ merchantNo: 'P01010114178824' });
    const wrongApp = makeConnector(sim, { appId: 'not-my-app', merchantNo: 'P01010114178824' });
    const app = await rejection(
      wrongApp.cancelPayment({ paymentId: sim.seedPayment() }),
      'authentication_failed',
    );
    expect(app.providerCode).toBe('MERCHANT_APP_INVALID');
    const wrongMerchant = makeConnector(sim, { merchantNo: 'P00000000000000' });
    const merchant = await rejection(
      wrongMerchant.cancelPayment({ paymentId: sim.seedPayment() }),
      'authentication_failed',
    );
    expect(merchant.providerCode).toBe('MERCHANT_INVALID');
  });
});

describe('failed cancels: data.status FAILED', () => {
  const failed = (errorCode: string | null, errorMsg: string | null = 'why') => ({
    msg: 'Success.',
    code: 'APPLY_SUCCESS',
    data: {
      cancelNo: 'C1',
      requestId: 'failed-1',
      outTradeNo: 'ORDER-F',
      status: 'FAILED',
      errorCode,
      errorMsg,
    },
  });
  const cases: [string | null, PaykitErrorCode, string][] = [
    ['ORDER_STATUS_NOT_SUPPORT', 'not_cancellable', 'ORDER_STATUS_NOT_SUPPORT'],
    ['ORDER_CANCELLED', 'already_cancelled', 'ORDER_CANCELLED'],
    ['ORDER_NOT_EXIST', 'payment_not_found', 'ORDER_NOT_EXIST'],
    ['SYSTEM_ERROR', 'not_cancellable', 'SYSTEM_ERROR'],
    ['SOMETHING_ELSE', 'not_cancellable', 'SOMETHING_ELSE'],
    [null, 'not_cancellable', 'FAILED'],
  ];
  for (const [errorCode, code, providerCode] of cases) {
    it(`errorCode ${errorCode} rejects with ${code}`, async () => {
      const { sim, connector } = setup();
      scripted(sim, failed(errorCode));
      const error = await rejection(
        connector.cancelPayment({ paymentId: 'ORDER-F', requestId: 'failed-1' }),
        code,
      );
      expect(error.providerCode).toBe(providerCode);
      expect(error.providerMessage).toBe('why');
    });
  }

  it('an unknown data.status is pending, never cancelled', async () => {
    const { sim, connector } = setup();
    scripted(sim, {
      msg: 'Success.',
      code: 'APPLY_SUCCESS',
      data: { requestId: 'odd-1', outTradeNo: 'ORDER-O', status: 'PROCESSING' },
    });
    const result = await connector.cancelPayment({ paymentId: 'ORDER-O', requestId: 'odd-1' });
    expect(result).toMatchObject({ status: 'pending', providerStatus: 'PROCESSING' });
    expect(result.providerReference).toBeUndefined();
  });
});

describe('HTTP statuses and broken answers', () => {
  it('401 and 403 are authentication_failed', async () => {
    for (const status of [401, 403]) {
      const { sim, connector } = setup();
      sim.faults.inject({ type: 'status', status, body: '{"code":"UNAUTHORIZED","msg":"no"}' });
      const error = await rejection(
        connector.cancelPayment({ paymentId: sim.seedPayment() }),
        'authentication_failed',
      );
      expect(error.httpStatus).toBe(status);
    }
  });

  it('a 4xx with a PayerMax body is mapped by its code, with the HTTP status kept', async () => {
    const { sim, connector } = setup();
    sim.faults.inject({
      type: 'status',
      status: 400,
      body: '{"code":"PARAMS_INVALID","msg":"data.outTradeNo is invalid"}',
    });
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'invalid_request',
    );
    expect(error).toMatchObject({ httpStatus: 400, providerCode: 'PARAMS_INVALID' });
  });

  it('a 404 page is provider_error; a 200 that is not JSON is invalid_response', async () => {
    const { sim, connector } = setup();
    sim.faults.inject({ type: 'status', status: 404, body: '<html>Not Found</html>' });
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'provider_error',
    );
    expect(error.httpStatus).toBe(404);
    sim.faults.inject({ type: 'html' });
    await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }), 'invalid_response');
    sim.faults.inject({ type: 'truncated' });
    await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }), 'invalid_response');
  });

  it('a 4xx claiming APPLY_SUCCESS is invalid_response', async () => {
    const { sim, connector } = setup();
    const body = JSON.stringify({
      code: 'APPLY_SUCCESS',
      msg: 'Success.',
      data: { status: 'SUCCESS' },
    });
    sim.faults.inject({ type: 'status', status: 400, body, headers: { sign: sim.sign(body) } });
    await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }), 'invalid_response');
  });

  it('answers without code, without data, or about another order are invalid_response', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    scripted(sim, { msg: 'Success.' });
    await rejection(connector.cancelPayment({ paymentId }), 'invalid_response');
    scripted(sim, { msg: 'Success.', code: 'APPLY_SUCCESS' });
    await rejection(connector.cancelPayment({ paymentId }), 'invalid_response');
    scripted(sim, {
      msg: 'Success.',
      code: 'APPLY_SUCCESS',
      data: { status: 'SUCCESS', outTradeNo: 'ANOTHER' },
    });
    await rejection(connector.cancelPayment({ paymentId }), 'invalid_response');
    scripted(sim, {
      msg: 'Success.',
      code: 'APPLY_SUCCESS',
      data: { status: 'SUCCESS', requestId: 'another' },
    });
    await rejection(
      connector.cancelPayment({ paymentId, requestId: 'mine-1' }),
      'invalid_response',
    );
    expect(sim.getPayment(paymentId)?.cancels).toHaveLength(0);
  });

  it('errors name no key', async () => {
    const { sim, connector } = setup();
    scripted(sim, { msg: 'x', code: 'UNEXPECTED_ERROR' }, false);
    const error = await rejection(
      connector.cancelPayment({ paymentId: sim.seedPayment() }),
      'provider_error',
    );
    expect(JSON.stringify(error)).not.toContain(keys.merchantPrivateKey);
  });
});

/** A loopback gateway that answers every request with `answer`: the connector's real HTTP path. */
async function craftedGateway(answer: { body: string; headers?: Record<string, string> }) {
  const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      seen.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("unsigned error answers never assert the payment's state", () => {
  const stateCodes = Object.entries(EXPECTED).filter(([, code]) => STATE_CODES.includes(code));

  it('covers every code of the table that states something about the payment', () => {
    expect(stateCodes.map(([providerCode]) => providerCode).sort()).toEqual(
      [
        'ORDER_CANCELLED',
        'ORDER_CLOSED',
        'ORDER_NOT_EXIST',
        'ORDER_STATUS_NOT_SUPPORT',
        'TRADE_NOT_EXIST',
      ].sort(),
    );
  });

  for (const [providerCode, mapped] of stateCodes) {
    it(`${providerCode} over loopback HTTP: unsigned is provider_error, signed is ${mapped}`, async () => {
      const sim = makeSim();
      const body = JSON.stringify({ msg: `says ${providerCode}`, code: providerCode });
      for (const signed of [false, true]) {
        const gateway = await craftedGateway({
          body,
          ...(signed ? { headers: { sign: sim.sign(body) } } : {}),
        });
        try {
          const connector = makeConnector(sim, { baseUrl: gateway.url, fetch: undefined });
          const error = await rejection(
            connector.cancelPayment({ paymentId: 'ORDER-L', requestId: 'loop-1' }),
            signed ? mapped : 'provider_error',
          );
          expect(error).toMatchObject({
            providerCode,
            providerMessage: `says ${providerCode}`,
            requestId: 'loop-1',
            httpStatus: 200,
          });
          expect(error.message).toContain(providerCode);
          if (!signed) expect(error.message).toContain('unsigned');
          else expect(error.message).not.toContain('unsigned');
          expect(gateway.seen).toHaveLength(1);
          expect(gateway.seen[0]!.path).toBe('/cancel');
        } finally {
          await gateway.close();
        }
      }
    });
  }

  it("the simulator's own refusals, unsigned, are provider_error with code and message kept", async () => {
    const { sim, connector } = setup({ settleAfterMs: 60_000 });
    const cancelled = sim.seedPayment({ status: 'CANCELLED' });
    const closed = sim.seedPayment({ status: 'CLOSED' });
    const cases: [string, string, string][] = [
      ['NOT-THERE', 'ORDER_NOT_EXIST', 'Order does not exist.'],
      [cancelled, 'ORDER_CANCELLED', 'The order has been cancelled.'],
      [closed, 'ORDER_CLOSED', 'The order has been closed.'],
    ];
    for (const [paymentId, providerCode, providerMessage] of cases) {
      sim.faults.inject({ type: 'custom', name: 'unsigned' });
      const error = await rejection(connector.cancelPayment({ paymentId }), 'provider_error');
      expect(error).toMatchObject({ providerCode, providerMessage });
      expect(error.retryable).toBe(false);
    }
    expect(sim.requests).toHaveLength(3);
    expect(sim.requests.every((r) => r.fault === 'custom')).toBe(true);
  });

  it('an unsigned ORDER_NOT_EXIST from orderQuery is provider_error, signed payment_not_found', async () => {
    const { sim, connector } = setup();
    sim.faults.inject({ type: 'custom', name: 'unsigned' });
    const unsigned = await rejection(connector.getPayment({ paymentId: 'NOPE' }), 'provider_error');
    expect(unsigned.providerCode).toBe('ORDER_NOT_EXIST');
    const signed = await rejection(
      connector.getPayment({ paymentId: 'NOPE' }),
      'payment_not_found',
    );
    expect(signed.providerCode).toBe('ORDER_NOT_EXIST');
  });

  it('codes about the request or the service keep their mapping when unsigned', async () => {
    const cases: [string, PaykitErrorCode][] = [
      ['TOO_MANY_REQUEST', 'rate_limited'],
      ['SYSTEM_ERROR', 'provider_unavailable'],
      ['SIGN_VERIFY_FAILED', 'authentication_failed'],
      ['PARAMS_INVALID', 'invalid_request'],
      ['DUPLICATE_REQUEST', 'duplicate_request'],
      ['REQUEST_TIMEOUT', 'timeout'],
    ];
    for (const [providerCode, code] of cases) {
      const gateway = await craftedGateway({
        body: JSON.stringify({ msg: 'm', code: providerCode }),
      });
      try {
        const connector = makeConnector(makeSim(), { baseUrl: gateway.url, fetch: undefined });
        const error = await rejection(connector.cancelPayment({ paymentId: 'ORDER-K' }), code);
        expect(error.providerCode).toBe(providerCode);
      } finally {
        await gateway.close();
      }
    }
  });

  it('with verifyResponses off, an unsigned answer is still not proof; a signed one maps', async () => {
    const { sim, connector } = setup({}, { verifyResponses: false });
    scripted(sim, { msg: 'cancelled already', code: 'ORDER_CANCELLED' }, false);
    await rejection(connector.cancelPayment({ paymentId: 'ORDER-V' }), 'provider_error');
    scripted(sim, { msg: 'cancelled already', code: 'ORDER_CANCELLED' }, true);
    await rejection(connector.cancelPayment({ paymentId: 'ORDER-V' }), 'already_cancelled');
  });

  it('a signed error answer whose signature does not verify is signature_invalid', async () => {
    const { sim, connector } = setup();
    const body = JSON.stringify({ msg: 'x', code: 'ORDER_CANCELLED' });
    sim.faults.inject({
      type: 'status',
      status: 200,
      body,
      headers: { sign: sim.sign(`${body} `) },
    });
    await rejection(connector.cancelPayment({ paymentId: 'ORDER-W' }), 'signature_invalid');
  });
});
