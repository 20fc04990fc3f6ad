import { hmacSha256Hex, isWithinTolerance, timingSafeEqualString } from '@paykit/core/connector';
import { createSimulator, json, type Simulator } from '@paykit/core/testing';
import * as v from 'valibot';
import {
  cancelRequestSchema,
  SIGNATURE_HEADER,
  stringToSign,
  TIMESTAMP_HEADER,
} from '../acme-pay-api.js';
import type { AcmePayErrorCode, AcmePayStatus } from '../acme-pay-status.js';

/** Credentials the simulator accepts by default; tests and the playground use them. */
export const ACME_PAY_TEST_CREDENTIALS = {
  apiKey: 'sk_test_acme_pay_4f9a2c7e',
  signingSecret: 'sig_test_acme_pay_0d8b3e61a95c',
} as const;

export interface AcmePaySimulatorOptions {
  apiKey?: string;
  signingSecret?: string;
  /** Seconds a signature's timestamp may be off. Default 300. */
  toleranceSeconds?: number;
}

/** A webhook as Acme Pay sends it: the body and the headers to POST it with. */
export interface SignedAcmePayWebhook {
  body: string;
  headers: Record<string, string>;
}

export interface SimulatedAcmePayPayment {
  id: string;
  status: AcmePayStatus;
  /** A decimal string, as the provider sends it: "12.50". */
  amount: string;
  currency: string;
  /** Epoch ms after which a cancel is refused with CANCEL_WINDOW_EXPIRED. */
  cancellableUntil?: number;
  /** The request_id of the cancel that cancelled it. */
  cancelRequestId?: string;
  cancellationId?: string;
}

export interface AcmePaySimulator extends Simulator {
  /** The credentials it accepts. */
  readonly credentials: { apiKey: string; signingSecret: string };
  /** Adds a payment (AUTHORIZED, 12.50 EUR unless told otherwise) and returns its id. */
  seedPayment(payment?: Partial<SimulatedAcmePayPayment>): string;
  getPayment(id: string): SimulatedAcmePayPayment | undefined;
  listPayments(): SimulatedAcmePayPayment[];
  /** Seeds one payment in each state, for the playground; returns their ids. */
  seedDemoPayments(): string[];
  /** Signs a webhook body as Acme Pay does (timestamp: Unix seconds, default now). */
  signWebhook(body: string, timestamp?: number): Promise<SignedAcmePayWebhook>;
  /** The webhook Acme Pay sends about a payment, in its current state. */
  webhookFor(id: string, type?: string): Promise<SignedAcmePayWebhook>;
}

// The provider lets a cancel through only before capture.
const CANCELLABLE: ReadonlySet<AcmePayStatus> = new Set(['PENDING', 'AUTHORIZED']);

const HTTP_STATUS: Record<AcmePayErrorCode, number> = {
  UNAUTHORIZED: 401,
  INVALID_SIGNATURE: 401,
  INVALID_REQUEST: 400,
  PAYMENT_NOT_FOUND: 404,
  ALREADY_CANCELLED: 409,
  DUPLICATE_REQUEST: 409,
  NOT_CANCELLABLE: 422,
  CANCEL_WINDOW_EXPIRED: 422,
};

interface Reply {
  status: number;
  body: unknown;
}

function refuse(code: AcmePayErrorCode, message: string): Reply {
  return { status: HTTP_STATUS[code], body: { error: { code, message } } };
}

function bodyOf(payment: SimulatedAcmePayPayment) {
  return {
    id: payment.id,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    ...(payment.cancellationId ? { cancellation_id: payment.cancellationId } : {}),
  };
}

function answer(payment: SimulatedAcmePayPayment): Reply {
  return { status: 200, body: bodyOf(payment) };
}

/** A stateful, in-memory Acme Pay: checks the key and the signature like the real API. */
export function createAcmePaySimulator(options: AcmePaySimulatorOptions = {}): AcmePaySimulator {
  const apiKey = options.apiKey ?? ACME_PAY_TEST_CREDENTIALS.apiKey;
  const signingSecret = options.signingSecret ?? ACME_PAY_TEST_CREDENTIALS.signingSecret;
  const tolerance = options.toleranceSeconds ?? 300;
  const payments = new Map<string, SimulatedAcmePayPayment>();
  // The provider is idempotent on request_id: a retry gets the first reply again, and a
  // request_id reused for another payment is refused.
  const replies = new Map<string, Reply & { paymentId: string }>();
  let counter = 0;

  async function verifySignature(request: Request, body: string): Promise<boolean> {
    const timestamp = request.headers.get(TIMESTAMP_HEADER) ?? '';
    const signature = request.headers.get(SIGNATURE_HEADER) ?? '';
    if (!/^\d+$/.test(timestamp) || !isWithinTolerance(Number(timestamp), tolerance)) return false;
    const expected = await hmacSha256Hex(signingSecret, stringToSign(timestamp, body));
    return timingSafeEqualString(expected, signature);
  }

  function decide(id: string, requestId: string): Reply {
    const payment = payments.get(id);
    if (!payment) return refuse('PAYMENT_NOT_FOUND', `No payment ${id}.`);
    if (payment.status === 'CANCELLED') {
      return refuse('ALREADY_CANCELLED', 'The payment is cancelled already.');
    }
    if (!CANCELLABLE.has(payment.status)) {
      return refuse('NOT_CANCELLABLE', `A ${payment.status} payment cannot be cancelled.`);
    }
    if (payment.cancellableUntil !== undefined && Date.now() > payment.cancellableUntil) {
      return refuse('CANCEL_WINDOW_EXPIRED', 'The cancel window has passed.');
    }
    payment.status = 'CANCELLED';
    payment.cancelRequestId = requestId;
    payment.cancellationId = `can_${String(++counter).padStart(6, '0')}`;
    return answer(payment);
  }

  async function cancel(request: Request, id: string, body: string): Promise<Reply> {
    if (!(await verifySignature(request, body))) {
      return refuse('INVALID_SIGNATURE', 'The signature does not match the body.');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refuse('INVALID_REQUEST', 'The body is not JSON.');
    }
    const cancelRequest = v.safeParse(cancelRequestSchema, parsed);
    if (!cancelRequest.success) return refuse('INVALID_REQUEST', 'request_id is required.');
    const requestId = cancelRequest.output.request_id;
    const previous = replies.get(requestId);
    if (previous) {
      return previous.paymentId === id
        ? previous
        : refuse('DUPLICATE_REQUEST', 'request_id was used for another payment.');
    }
    const reply = decide(id, requestId);
    replies.set(requestId, { ...reply, paymentId: id });
    return reply;
  }

  async function route(request: Request, body: string): Promise<Reply> {
    if (request.headers.get('authorization') !== `Bearer ${apiKey}`) {
      return refuse('UNAUTHORIZED', 'Missing or wrong API key.');
    }
    const path = new URL(request.url).pathname;
    const cancelMatch = /^\/v1\/payments\/([^/]+)\/cancel$/.exec(path);
    if (request.method === 'POST' && cancelMatch) {
      return cancel(request, decodeURIComponent(cancelMatch[1]!), body);
    }
    const getMatch = /^\/v1\/payments\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && getMatch) {
      const payment = payments.get(decodeURIComponent(getMatch[1]!));
      return payment ? answer(payment) : refuse('PAYMENT_NOT_FOUND', 'No such payment.');
    }
    return refuse('INVALID_REQUEST', `No endpoint ${request.method} ${path}.`);
  }

  const sim = createSimulator(async (request, { body }) => {
    const reply = await route(request, body);
    return json(reply.body, { status: reply.status });
  });

  function seedPayment(payment: Partial<SimulatedAcmePayPayment> = {}): string {
    const id = payment.id ?? `pay_${String(++counter).padStart(6, '0')}`;
    payments.set(id, { status: 'AUTHORIZED', amount: '12.50', currency: 'EUR', ...payment, id });
    return id;
  }

  async function signWebhook(
    body: string,
    timestamp = Math.floor(Date.now() / 1000),
  ): Promise<SignedAcmePayWebhook> {
    const signature = await hmacSha256Hex(signingSecret, stringToSign(String(timestamp), body));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signature,
      },
    };
  }

  return Object.assign(sim, {
    credentials: { apiKey, signingSecret },
    signWebhook,
    async webhookFor(id: string, type = 'payment.updated') {
      const payment = payments.get(id);
      if (!payment) throw new Error(`no payment "${id}" is seeded`);
      const created = Math.floor(Date.now() / 1000);
      return signWebhook(JSON.stringify({ type, created, data: bodyOf(payment) }), created);
    },
    seedPayment,
    getPayment: (id: string) => payments.get(id),
    listPayments: () => [...payments.values()],
    seedDemoPayments: () => [
      seedPayment({ status: 'AUTHORIZED', amount: '25.00' }),
      seedPayment({ status: 'AUTHORIZED', amount: '18.40', currency: 'USD' }),
      seedPayment({ status: 'PENDING', amount: '7.99' }),
      seedPayment({ status: 'AUTHORIZED', amount: '99.90', currency: 'GBP' }),
      seedPayment({ status: 'CAPTURED', amount: '120.00' }),
      seedPayment({ status: 'AUTHORIZED', amount: '4.20' }),
      seedPayment({ status: 'CANCELLED', amount: '3.50' }),
      seedPayment({ status: 'REFUNDED', amount: '42.00' }),
      seedPayment({ status: 'AUTHORIZED', amount: '1250', currency: 'JPY' }),
      seedPayment({ status: 'AUTHORIZED', amount: '60.00', cancellableUntil: Date.now() - 1 }),
    ],
  });
}
