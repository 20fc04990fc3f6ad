import type { PayerMaxSimulator } from '@paykit/connector-payermax/testing';
import { type CancelPaymentResult, PaykitError } from '@paykit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileString } from '../src/arbitraries.js';
import { guardFile } from '../src/guard.js';
import { CONNECTORS, type ConnectorName, createConnectorFor, createSim } from '../src/harness.js';

const RUNS = Number(process.env.PARSER_RUNS ?? 1_500);
// The providers whose answers this suite can generate and read independently of the connector:
// it knows their wire formats. A new connector's answers are tested by its own package's tests.
const PARSER_CONNECTORS = (): readonly ConnectorName[] =>
  CONNECTORS.filter((name) => Object.hasOwn(BODIES, name));

const PAYMENT_ID = 'parser-payment-0001';
const REQUEST_ID = 'parserRequest0001abcdefghijklmnop';

/** A value JSON can carry, of the wrong kind for any one field. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, 0, -1, 1e308, true, '', [], {}),
);
const someString = fc.oneof(fc.string({ maxLength: 12 }), hostileString);
/** Mostly the valid value, sometimes another plausible one, sometimes junk, sometimes absent. */
const mostly = <T>(valid: T, others: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(valid) },
    { weight: 2, arbitrary: others },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** Provider bodies, shaped like the real ones with every field allowed to go wrong. */
const BODIES: Partial<Record<ConnectorName, fc.Arbitrary<unknown>>> = {
  yabandpay: fc.record({
    status: mostly(true, fc.constantFrom(false, 'true', 1)),
    code: mostly(
      '200',
      fc.oneof(fc.constantFrom('-4116', '-4111', '-3002', '-4114', '-1'), someString),
    ),
    message: mostly('', someString),
    data: fc.oneof(
      {
        weight: 10,
        arbitrary: fc.record({
          type: mostly('payment', someString),
          state: mostly(
            'cancelled',
            fc.oneof(
              fc.constantFrom(
                'CANCELLED',
                '08',
                'paid',
                '00',
                'pending',
                'canceled',
                ' cancelled',
                '',
              ),
              someString,
            ),
          ),
          amount: mostly(
            '0.10',
            fc.oneof(
              fc.constantFrom('12.345', '1e3', '-1', '', '99999999999999999999', '1500'),
              fc.double(),
              fc.integer(),
            ),
          ),
          currency: mostly(
            'EUR',
            fc.oneof(fc.constantFrom('eur', 'JPY', 'XXX', ' EUR'), someString),
          ),
          trade_id: mostly(PAYMENT_ID, someString),
          order_id: mostly('280244567856723026', fc.oneof(someString, fc.integer())),
        }),
      },
      { weight: 1, arbitrary: junk },
    ),
  }),
  payermax: fc.record({
    code: mostly(
      'APPLY_SUCCESS',
      fc.oneof(
        fc.constantFrom('ORDER_NOT_EXIST', 'SYSTEM_ERROR', 'PARAMS_INVALID', 'ORDER_CANCELLED'),
        someString,
      ),
    ),
    msg: mostly('Success.', someString),
    data: fc.oneof(
      {
        weight: 10,
        arbitrary: fc.record({
          status: mostly(
            'SUCCESS',
            fc.oneof(fc.constantFrom('PENDING', 'FAILED', 'success', 'CANCELLED'), someString),
          ),
          requestId: mostly(REQUEST_ID, someString),
          outTradeNo: mostly(PAYMENT_ID, someString),
          cancelNo: mostly('20240501123456ED0000000000000000001', someString),
          errorCode: mostly(null, someString),
          errorMsg: mostly(null, someString),
        }),
      },
      { weight: 1, arbitrary: junk },
    ),
  }),
  liquido: fc.record({
    transferStatus: mostly(
      'CANCELLED',
      fc.oneof(
        fc.constantFrom('cancelled', 'IN_PROGRESS', 'SETTLED', 'FAILED', 'ACTIVE'),
        someString,
      ),
    ),
    status: mostly(undefined, fc.oneof(fc.constantFrom('CANCELLED', 'ACTIVE'), someString)),
    transferStatusCode: mostly(200, fc.constantFrom(400, 404, 500, null)),
    transferErrorMsg: mostly(null, someString),
    idempotencyKey: mostly(PAYMENT_ID, someString),
    amount: mostly(10000, fc.oneof(fc.integer(), fc.double())),
    currency: mostly('BRL', fc.oneof(fc.constantFrom('brl', 'XXX', 'JPY'), someString)),
  }),
};

interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** PayerMax: how the answer is signed. */
  sign: 'valid' | 'none' | 'garbage' | 'other';
}

const answer = (name: ConnectorName): fc.Arbitrary<Answer> =>
  fc.record({
    status: fc.constantFrom(
      200,
      200,
      200,
      200,
      201,
      202,
      204,
      400,
      401,
      403,
      404,
      409,
      422,
      500,
      503,
    ),
    contentType: fc.constantFrom('application/json', 'text/plain', 'text/html', ''),
    text: fc.oneof(
      { weight: 8, arbitrary: BODIES[name]!.map((body) => JSON.stringify(body)) },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    ),
    sign: fc.constantFrom('valid', 'valid', 'valid', 'none', 'garbage', 'other'),
  });

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
const objectAt = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * What the body really says, read independently of the connector: whether it is an accepted
 * cancel at all, and whether it says the payment is cancelled.
 */
function says(name: ConnectorName, a: Answer): { accepted: boolean; cancelled: boolean } {
  const ok = a.status >= 200 && a.status < 300;
  const body = parse(a.text);
  if (!ok || !body) return { accepted: false, cancelled: false };
  switch (name) {
    case 'yabandpay': {
      const data = objectAt(body.data);
      const accepted = body.status === true && body.code === '200' && !!data;
      const state = data?.state;
      return {
        accepted,
        cancelled:
          accepted &&
          typeof state === 'string' &&
          (state === '08' || state.toLowerCase() === 'cancelled'),
      };
    }
    case 'payermax': {
      const data = objectAt(body.data);
      const accepted = body.code === 'APPLY_SUCCESS' && a.sign === 'valid' && !!data;
      return { accepted, cancelled: accepted && data?.status === 'SUCCESS' };
    }
    case 'liquido': {
      const code = body.transferStatusCode;
      const word = body.transferStatus ?? body.status;
      const accepted =
        (code === undefined || code === null || code === 200) && typeof word === 'string';
      return { accepted, cancelled: accepted && (word as string).toUpperCase() === 'CANCELLED' };
    }
    default:
      throw new Error(`The parser suite cannot read ${name} answers.`);
  }
}

const guard = guardFile({ values: RUNS * PARSER_CONNECTORS().length });

describe.each(PARSER_CONNECTORS())('response parsers: %s cancel answers', (name) => {
  it(`${RUNS} generated answers: a true result or a PaykitError, 'cancelled' only when the body says so`, async () => {
    const signer = name === 'payermax' ? (createSim('payermax') as PayerMaxSimulator) : undefined;
    let current: Answer | undefined;
    const connector = createConnectorFor(name, {
      baseUrl: `https://${name}.parser.test`,
      maxRetries: 0,
      hooks: guard.hooks,
      fetch: async (input) => {
        const url = typeof input === 'string' ? input : (input as Request).url;
        if (url.endsWith('/oauth2/token')) {
          return new Response(
            JSON.stringify({ access_token: 'parser-token-0123456789', expires_in: 3600 }),
            { headers: { 'content-type': 'application/json' } },
          );
        }
        const a = current!;
        const headers: Record<string, string> = a.contentType
          ? { 'content-type': a.contentType }
          : {};
        if (signer && a.sign === 'valid') headers.sign = signer.sign(a.text);
        if (signer && a.sign === 'other') headers.sign = signer.sign(`${a.text}x`);
        if (signer && a.sign === 'garbage') headers.sign = 'bm90IGEgc2lnbmF0dXJl';
        const empty = a.status === 204 || a.text === '';
        return new Response(empty ? null : a.text, { status: a.status, headers });
      },
    });
    const tally = { resolved: 0, cancelled: 0, refused: 0 };

    await fc.assert(
      fc.asyncProperty(answer(name), async (a) => {
        current = a.status === 204 ? { ...a, text: '' } : a;
        let settled: { ok: true; value: CancelPaymentResult } | { ok: false; error: unknown };
        try {
          settled = {
            ok: true,
            value: await connector.cancelPayment({ paymentId: PAYMENT_ID, requestId: REQUEST_ID }),
          };
        } catch (error) {
          settled = { ok: false, error };
        }
        guard.inspect(settled.ok ? settled.value : settled.error, `${name} parser outcome`);
        const truth = says(name, current);
        if (!settled.ok) {
          tally.refused += 1;
          expect(
            PaykitError.isInstance(settled.error),
            `not a PaykitError: ${String(settled.error)}`,
          ).toBe(true);
          return;
        }
        const result = settled.value;
        tally.resolved += 1;
        expect(
          truth.accepted,
          `resolved an answer that is no accepted cancel: ${current.text}`,
        ).toBe(true);
        expect(result).toMatchObject({
          connector: name,
          paymentId: PAYMENT_ID,
          requestId: REQUEST_ID,
        });
        expect(['cancelled', 'pending']).toContain(result.status);
        if (result.status === 'cancelled') {
          tally.cancelled += 1;
          expect(
            truth.cancelled,
            `'cancelled' from a body that does not say so: ${current.text}`,
          ).toBe(true);
        }
        expect(typeof result.providerStatus).toBe('string');
        if (result.amount) {
          expect(Number.isSafeInteger(result.amount.amount) && result.amount.amount >= 0).toBe(
            true,
          );
          expect(result.amount.currency).toMatch(/^[A-Z]{3}$/);
        }
      }),
      { numRuns: RUNS },
    );
    if (process.env.SHOW_TALLY) process.stderr.write(`${name} ${JSON.stringify(tally)}\n`);
    // Both sides were reached: results, cancelled ones among them, and refusals.
    expect(tally.resolved).toBeGreaterThan(RUNS / 50);
    expect(tally.cancelled).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(RUNS / 4);
  });
});

guard.closingChecks();
