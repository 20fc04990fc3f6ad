import { hmacSha256Hex, timingSafeEqualString } from '@paykit/core';
import { createSimulator, json } from '@paykit/core/testing';
import type { AcmeState } from './acme-pay-status.js';

/** A payment as the Acme Pay simulator keeps it. */
export interface AcmePayment {
  id: string;
  state: AcmeState;
  amount: number;
  currency: string;
  description: string;
  createdAt: Date;
  voidId?: string;
}

export interface AcmePaySimulatorOptions {
  apiKey?: string;
  signingSecret?: string;
}

export const VOID_WINDOW_MS = 7 * 24 * 3600 * 1000;
const SIGNATURE_TOLERANCE_S = 300;
const PATH = /^\/v1\/payments\/([^/]+)\/void$/;

const refuse = (status: number, code: string, message: string) =>
  json({ error: { code, message } }, { status });

/** A stateful Acme Pay, on core's simulator toolkit: what a third-party author ships for tests. */
export function createAcmePaySimulator(options: AcmePaySimulatorOptions = {}) {
  const apiKey = options.apiKey ?? 'sk_test_acme0000demo';
  const signingSecret = options.signingSecret ?? 'whsec_acme_demo_signing_secret';
  const payments = new Map<string, AcmePayment>();
  // request_id → the payment it voided and the answer it got, for idempotent replays.
  const seen = new Map<string, { paymentId: string; answer: unknown }>();
  let counter = 0;

  async function signatureValid(header: string | null, body: string): Promise<boolean> {
    const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2)));
    const timestamp = Number(parts.t);
    if (
      !Number.isInteger(timestamp) ||
      Math.abs(Date.now() / 1000 - timestamp) > SIGNATURE_TOLERANCE_S
    )
      return false;
    const expected = await hmacSha256Hex(signingSecret, `${parts.t}.${body}`);
    return typeof parts.v1 === 'string' && timingSafeEqualString(parts.v1, expected);
  }

  const sim = createSimulator(async (request, { body }) => {
    const match = PATH.exec(new URL(request.url).pathname);
    if (request.method !== 'POST' || !match) return refuse(404, 'not_found', 'No such endpoint.');
    if (request.headers.get('authorization') !== `Bearer ${apiKey}`) {
      return refuse(401, 'invalid_api_key', 'The API key is missing or wrong.');
    }
    if (!(await signatureValid(request.headers.get('acme-signature'), body))) {
      return refuse(401, 'invalid_signature', 'The acme-signature header does not match the body.');
    }
    let requestId: unknown;
    try {
      requestId = (JSON.parse(body) as { request_id?: unknown }).request_id;
    } catch {
      return refuse(400, 'parameter_missing', 'The body is not JSON.');
    }
    if (typeof requestId !== 'string' || !requestId)
      return refuse(400, 'parameter_missing', 'request_id is required.');

    const paymentId = decodeURIComponent(match[1]!);
    const previous = seen.get(requestId);
    if (previous) {
      return previous.paymentId === paymentId
        ? json(previous.answer)
        : refuse(409, 'duplicate_request_id', 'This request_id was used for another payment.');
    }
    const payment = payments.get(paymentId);
    if (!payment) return refuse(404, 'payment_not_found', `No payment ${paymentId}.`);
    if (payment.state === 'voided')
      return refuse(409, 'payment_already_voided', 'The payment is voided already.');
    if (payment.state === 'expired')
      return refuse(409, 'payment_expired', 'The authorization has expired.');
    if (payment.state !== 'authorized') {
      return refuse(
        409,
        'payment_not_voidable',
        `A ${payment.state} payment cannot be voided; refund it.`,
      );
    }
    if (Date.now() - payment.createdAt.getTime() > VOID_WINDOW_MS) {
      return refuse(409, 'void_window_expired', 'Authorizations can be voided for 7 days.');
    }
    payment.state = 'voided';
    payment.voidId = `void_${String(++counter).padStart(6, '0')}`;
    const answer = {
      id: payment.id,
      status: 'voided',
      amount: payment.amount,
      currency: payment.currency,
      void_id: payment.voidId,
    };
    seen.set(requestId, { paymentId, answer });
    return json(answer);
  });

  function seedPayment(seed: Partial<Omit<AcmePayment, 'id'>> & { id?: string } = {}): string {
    const id = seed.id ?? `acme_pi_${String(++counter).padStart(6, '0')}`;
    payments.set(id, {
      id,
      state: seed.state ?? 'authorized',
      amount: seed.amount ?? 2500,
      currency: seed.currency ?? 'EUR',
      description: seed.description ?? 'Acme order',
      createdAt: seed.createdAt ?? new Date(),
      ...(seed.voidId ? { voidId: seed.voidId } : {}),
    });
    return id;
  }

  return Object.assign(sim, {
    credentials: { apiKey, signingSecret },
    seedPayment,
    getPayment: (id: string): AcmePayment | undefined => {
      const payment = payments.get(id);
      return payment ? { ...payment } : undefined;
    },
    /** Whether a void would be accepted now. */
    voidable: (payment: AcmePayment) =>
      payment.state === 'authorized' && Date.now() - payment.createdAt.getTime() <= VOID_WINDOW_MS,
    listPayments: (): AcmePayment[] => [...payments.values()].map((p) => ({ ...p })),
    /** One payment in each state, and an authorization too old to void. */
    seedDemoPayments(): string[] {
      const day = 24 * 3600 * 1000;
      return [
        seedPayment({ state: 'authorized', amount: 4990, description: 'Headphones' }),
        seedPayment({
          state: 'authorized',
          amount: 1250,
          currency: 'USD',
          description: 'Coffee beans',
        }),
        seedPayment({ state: 'authorized', amount: 23900, description: 'Hotel deposit' }),
        seedPayment({ state: 'authorized', amount: 600, currency: 'GBP', description: 'Parking' }),
        seedPayment({ state: 'captured', amount: 8900, description: 'Shipped order' }),
        seedPayment({
          state: 'voided',
          amount: 300,
          description: 'Voided test',
          voidId: 'void_demo01',
        }),
        seedPayment({ state: 'refunded', amount: 1999, description: 'Returned shoes' }),
        seedPayment({ state: 'expired', amount: 700, description: 'Abandoned cart' }),
        seedPayment({
          state: 'authorized',
          amount: 15000,
          description: 'Old hotel hold',
          createdAt: new Date(Date.now() - 9 * day),
        }),
      ];
    },
  });
}

export type AcmePaySimulator = ReturnType<typeof createAcmePaySimulator>;
