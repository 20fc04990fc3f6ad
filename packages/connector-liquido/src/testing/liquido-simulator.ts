import { hmacSha256Hex } from '@paykit/core/connector';
import { createSimulator, json, type Simulator } from '@paykit/core/testing';
import {
  isCancellable,
  LIQUIDO_CANCEL_RULES,
  LIQUIDO_PAYMENT_METHODS,
  type LiquidoCountry,
  type LiquidoPaymentMethod,
} from '../liquido-cancel-rules.js';
import { LIQUIDO_STATUSES, type LiquidoStatus } from '../liquido-status.js';
import { liquidoWebhookStringToSign } from '../liquido-webhook.js';
import {
  chargeBody,
  isoDate,
  referenceBody,
  type SimCharge,
  type SimReference,
} from './liquido-sim-bodies.js';

export type { SimCharge, SimReference } from './liquido-sim-bodies.js';

export interface LiquidoSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  /** Lifetime of the tokens it issues. Default 3600, as Liquido's. */
  tokenTtlSeconds?: number;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
}

export interface SeedChargeOptions {
  idempotencyKey?: string;
  country: LiquidoCountry;
  paymentMethod: LiquidoPaymentMethod;
  transferStatus: Exclude<LiquidoStatus, 'ACTIVE'>;
  /** Integer minor units. */
  amount?: number;
  currency?: string;
  description?: string;
}

export interface SeedReferenceOptions {
  idempotencyKey?: string;
  /** Integer minor units; default 0 (an open amount, as in the seed). */
  amount?: number;
  status?: 'ACTIVE' | 'CANCELLED';
  /** "yyyy-MM-dd"; default 30 days from now. */
  expirationDate?: string;
  /** 13 digits; default random. */
  reference?: string;
  description?: string;
}

/** One line of `listPayments()`, for the playground. */
export interface LiquidoSimPayment {
  kind: 'charge' | 'reference';
  idempotencyKey: string;
  country: LiquidoCountry;
  paymentMethod: LiquidoPaymentMethod;
  /** `transferStatus` of a charge, `status` of a reference. */
  status: LiquidoStatus;
  amount: number;
  currency: string;
  /** The PayCash reference number, for references and PAY_CASH charges. */
  reference?: string;
  /** Whether Liquido's rules allow a cancel now. */
  cancellable: boolean;
  /** What to pass as `providerOptions.liquido.target` to cancel it. */
  target: 'charge' | 'reference';
  description: string;
}

export interface LiquidoSimulator extends Simulator {
  readonly credentials: { clientId: string; clientSecret: string; apiKey: string };
  seedCharge(options: SeedChargeOptions): string;
  seedReference(options?: SeedReferenceOptions): string;
  /** A copy of the charge, or undefined. */
  getCharge(idempotencyKey: string): SimCharge | undefined;
  /** A copy of the reference, or undefined. */
  getReference(idempotencyKey: string): SimReference | undefined;
  listPayments(): LiquidoSimPayment[];
  /** Charges in Brazil, Mexico and Colombia in several states, plus PayCash references. */
  seedDemoPayments(): LiquidoSimPayment[];
  /** Makes every token issued so far invalid, as if its time had run out. */
  expireTokens(): void;
  /** The `Liquido-Signature` header value for a webhook body. */
  signWebhook(body: string, timestamp?: number): Promise<string>;
  /** A signed webhook about a seeded charge or reference, as Liquido would POST it. */
  webhookFor(
    idempotencyKey: string,
    eventType?: string,
  ): Promise<{ body: string; headers: Record<string, string> }>;
}

export const LIQUIDO_SIMULATOR_DEFAULTS = {
  clientId: 'sim-liquido-client-id',
  clientSecret: 'sim-liquido-client-secret-0123456789',
  apiKey: 'sim-liquido-api-key-0123456789',
} as const;

const COUNTRY_NAMES: Record<LiquidoCountry, string> = {
  BR: 'Brazil',
  MX: 'Mexico',
  CO: 'Colombia',
};
const CURRENCIES: Record<LiquidoCountry, string> = { BR: 'BRL', MX: 'MXN', CO: 'COP' };
const DEFAULT_AMOUNTS: Record<LiquidoCountry, number> = { BR: 10_000, MX: 25_000, CO: 5_000_000 };
const DAY_MS = 86_400_000;

const ROUTES = {
  token: /^\/oauth2\/token$/,
  cancelCharge: /^\/v1\/payments\/charges\/cancel\/([^/]+)$/,
  cancelReference: /^\/v1\/payments\/charges\/references\/cancel\/([^/]+)$/,
  getCharge: /^\/v1\/payments\/charges\/([^/]+)$/,
};

function randomHex(bytes: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

function randomDigits(length: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(length)), (b) =>
    String(b % 10),
  ).join('');
}

/**
 * A stateful Liquido: the OAuth2 token endpoint (`POST /oauth2/token`) and the charges API on one
 * origin. It checks the API key and the bearer token, keeps charges and PayCash references in
 * memory, and cancels by Liquido's rules per country, method and state. Refusals carry
 * `transferStatusCode` 400 and an English `transferErrorMsg` written for the simulator (Liquido
 * does not publish its exact wording).
 */
export function createLiquidoSimulator(options: LiquidoSimulatorOptions = {}): LiquidoSimulator {
  const credentials = {
    clientId: options.clientId ?? LIQUIDO_SIMULATOR_DEFAULTS.clientId,
    clientSecret: options.clientSecret ?? LIQUIDO_SIMULATOR_DEFAULTS.clientSecret,
    apiKey: options.apiKey ?? LIQUIDO_SIMULATOR_DEFAULTS.apiKey,
  };
  const ttlSeconds = options.tokenTtlSeconds ?? 3600;
  const now = options.now ?? (() => Date.now());
  const tokens = new Map<string, number>();
  const charges = new Map<string, SimCharge>();
  const references = new Map<string, SimReference>();
  let counter = 0;

  const unauthorized = () => json({ message: 'Unauthorized' }, { status: 401 });
  const notFound = (key: string) =>
    json(
      { transferStatusCode: 404, transferErrorMsg: `Payment not found for idempotencyKey ${key}.` },
      { status: 404 },
    );

  function issueToken(request: Request, body: string): Response {
    const oauthError = (status: number, error: string, description: string) =>
      json({ error, error_description: description }, { status });
    if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'Use POST.');
    const type = request.headers.get('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return oauthError(
        400,
        'invalid_request',
        'Content-Type must be application/x-www-form-urlencoded.',
      );
    }
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        'Only grant_type=client_credentials is supported.',
      );
    }
    const clientId = form.get('client_id');
    const clientSecret = form.get('client_secret');
    if (!clientId || !clientSecret)
      return oauthError(400, 'invalid_request', 'client_id and client_secret are required.');
    if (clientId !== credentials.clientId || clientSecret !== credentials.clientSecret) {
      return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    const token = `simtok_${randomHex(24)}`;
    tokens.set(token, now() + ttlSeconds * 1000);
    return json({ access_token: token, expires_in: ttlSeconds, token_type: 'Bearer' });
  }

  function authorized(request: Request): boolean {
    if (request.headers.get('x-api-key') !== credentials.apiKey) return false;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    const expiresAt = match ? tokens.get(match[1]!) : undefined;
    return expiresAt !== undefined && now() < expiresAt;
  }

  function cancelCharge(key: string): Response {
    const charge = charges.get(key);
    if (!charge) return notFound(key);
    const refuse = (message: string) =>
      json(chargeBody(charge, { transferStatusCode: 400, transferErrorMsg: message }), {
        status: 400,
      });
    const required = LIQUIDO_CANCEL_RULES[charge.country][charge.paymentMethod];
    if (charge.transferStatus === 'CANCELLED')
      return refuse('The payment has already been cancelled.');
    if (!required) {
      return refuse(
        `Payment method ${charge.paymentMethod} does not support cancellation in ${COUNTRY_NAMES[charge.country]}.`,
      );
    }
    if (!isCancellable(charge.country, charge.paymentMethod, charge.transferStatus)) {
      return refuse(
        `A ${charge.paymentMethod} payment in status ${charge.transferStatus} cannot be cancelled; only ${required} payments can.`,
      );
    }
    charge.transferStatus = 'CANCELLED';
    charge.finalStatusAt = now();
    return json(chargeBody(charge));
  }

  function cancelReference(key: string): Response {
    const reference = references.get(key);
    if (!reference) return notFound(key);
    if (reference.status !== 'ACTIVE') {
      const message =
        reference.status === 'CANCELLED'
          ? 'The payment reference has already been cancelled.'
          : `A payment reference in status ${reference.status} cannot be cancelled; only ACTIVE references can.`;
      return json(referenceBody(reference, { code: 400, message }), { status: 400 });
    }
    reference.status = 'CANCELLED';
    return json(referenceBody(reference));
  }

  function keyOf(pattern: RegExp, path: string): string | undefined | null {
    const match = pattern.exec(path);
    if (!match) return undefined;
    try {
      return decodeURIComponent(match[1]!);
    } catch {
      return null;
    }
  }

  const sim = createSimulator(async (request, { body }) => {
    const path = new URL(request.url).pathname;
    if (ROUTES.token.test(path)) return issueToken(request, body);
    if (!path.startsWith('/v1/')) return json({ message: 'Not Found' }, { status: 404 });
    // API Gateway style: the key and the token are checked before the route is.
    if (!authorized(request)) return unauthorized();
    for (const [route, handler, method] of [
      [ROUTES.cancelReference, cancelReference, 'POST'],
      [ROUTES.cancelCharge, cancelCharge, 'POST'],
      [ROUTES.getCharge, getPayment, 'GET'],
    ] as const) {
      const key = keyOf(route, path);
      if (key === undefined) continue;
      if (key === null) return json({ message: 'Malformed path' }, { status: 400 });
      if (request.method !== method)
        return json({ message: 'Method Not Allowed' }, { status: 405 });
      return handler(key);
    }
    return json({ message: 'Not Found' }, { status: 404 });
  });

  function getPayment(key: string): Response {
    const charge = charges.get(key);
    if (charge) return json(chargeBody(charge));
    const reference = references.get(key);
    if (reference) return json(referenceBody(reference));
    return notFound(key);
  }

  function nextKey(prefix: string): string {
    let key: string;
    do key = `${prefix}-${String(++counter).padStart(4, '0')}`;
    while (charges.has(key) || references.has(key));
    return key;
  }

  function claimKey(key: string | undefined, prefix: string): string {
    if (key === undefined) return nextKey(prefix);
    if (charges.has(key) || references.has(key))
      throw new Error(`idempotencyKey "${key}" is seeded already`);
    return key;
  }

  function seedCharge(seed: SeedChargeOptions): string {
    if (!(seed.country in CURRENCIES)) throw new Error(`unknown country "${seed.country}"`);
    if (!LIQUIDO_PAYMENT_METHODS.includes(seed.paymentMethod))
      throw new Error(`unknown method "${seed.paymentMethod}"`);
    if (
      !LIQUIDO_STATUSES.includes(seed.transferStatus) ||
      seed.transferStatus === ('ACTIVE' as string)
    ) {
      throw new Error(`"${seed.transferStatus}" is not a charge status`);
    }
    const key = claimKey(seed.idempotencyKey, `sim-${seed.country.toLowerCase()}`);
    const at = now();
    const final = ['SETTLED', 'FAILED', 'CANCELLED', 'CHARGED_BACK'].includes(seed.transferStatus);
    charges.set(key, {
      idempotencyKey: key,
      country: seed.country,
      paymentMethod: seed.paymentMethod,
      transferStatus: seed.transferStatus,
      amount: seed.amount ?? DEFAULT_AMOUNTS[seed.country],
      currency: seed.currency ?? CURRENCIES[seed.country],
      description: seed.description ?? `${seed.paymentMethod} payment`,
      createdAt: at,
      ...(final ? { finalStatusAt: at } : {}),
      payCashReference: randomDigits(13),
    });
    return key;
  }

  function seedReference(seed: SeedReferenceOptions = {}): string {
    const key = claimKey(seed.idempotencyKey, 'sim-ref');
    const at = now();
    references.set(key, {
      idempotencyKey: key,
      country: 'MX',
      currency: 'MXN',
      status: seed.status ?? 'ACTIVE',
      amount: seed.amount ?? 0,
      expirationDate: seed.expirationDate ?? isoDate(at + 30 * DAY_MS),
      reference: seed.reference ?? randomDigits(13),
      description: seed.description ?? '',
      createdAt: at,
    });
    return key;
  }

  function summaryOfCharge(c: SimCharge): LiquidoSimPayment {
    return {
      kind: 'charge',
      idempotencyKey: c.idempotencyKey,
      country: c.country,
      paymentMethod: c.paymentMethod,
      status: c.transferStatus,
      amount: c.amount,
      currency: c.currency,
      ...(c.paymentMethod === 'PAY_CASH' ? { reference: c.payCashReference } : {}),
      cancellable: isCancellable(c.country, c.paymentMethod, c.transferStatus),
      target: 'charge',
      description: c.description,
    };
  }

  function summaryOfReference(r: SimReference): LiquidoSimPayment {
    return {
      kind: 'reference',
      idempotencyKey: r.idempotencyKey,
      country: r.country,
      paymentMethod: 'PAY_CASH',
      status: r.status,
      amount: r.amount,
      currency: r.currency,
      reference: r.reference,
      cancellable: r.status === 'ACTIVE',
      target: 'reference',
      description: r.description,
    };
  }

  async function signWebhook(body: string, timestamp = Math.floor(now() / 1000)): Promise<string> {
    const signature = await hmacSha256Hex(
      credentials.clientSecret,
      liquidoWebhookStringToSign(body, String(timestamp)),
    );
    return `algorithm=HmacSHA256,timestamp=${timestamp},signature=${signature}`;
  }

  const DEMO: readonly SeedChargeOptions[] = [
    {
      country: 'BR',
      paymentMethod: 'PIX_DYNAMIC_QR',
      transferStatus: 'IN_PROGRESS',
      amount: 10_000,
    },
    { country: 'BR', paymentMethod: 'BOLETO', transferStatus: 'IN_PROGRESS', amount: 25_990 },
    { country: 'BR', paymentMethod: 'CREDIT_CARD', transferStatus: 'AUTHORIZED', amount: 14_900 },
    { country: 'BR', paymentMethod: 'PIC_PAY', transferStatus: 'IN_PROGRESS', amount: 5_000 },
    { country: 'BR', paymentMethod: 'AME_QR', transferStatus: 'IN_PROGRESS', amount: 7_500 },
    { country: 'BR', paymentMethod: 'MERCADO_PAGO', transferStatus: 'IN_PROGRESS', amount: 3_990 },
    { country: 'BR', paymentMethod: 'PIX_DYNAMIC_QR', transferStatus: 'SETTLED', amount: 12_000 },
    { country: 'BR', paymentMethod: 'BOLETO', transferStatus: 'FAILED', amount: 8_800 },
    { country: 'BR', paymentMethod: 'CREDIT_CARD', transferStatus: 'CHARGED_BACK', amount: 19_900 },
    { country: 'BR', paymentMethod: 'PIX_DYNAMIC_QR', transferStatus: 'CANCELLED', amount: 4_500 },
    { country: 'MX', paymentMethod: 'CREDIT_CARD', transferStatus: 'AUTHORIZED', amount: 89_900 },
    {
      country: 'MX',
      paymentMethod: 'BANK_TRANSFER',
      transferStatus: 'IN_PROGRESS',
      amount: 150_000,
    },
    { country: 'MX', paymentMethod: 'PAY_CASH', transferStatus: 'IN_PROGRESS', amount: 45_000 },
    { country: 'MX', paymentMethod: 'BANK_TRANSFER', transferStatus: 'SETTLED', amount: 30_000 },
    { country: 'MX', paymentMethod: 'CREDIT_CARD', transferStatus: 'SETTLED', amount: 12_500 },
    {
      country: 'CO',
      paymentMethod: 'CREDIT_CARD',
      transferStatus: 'AUTHORIZED',
      amount: 9_900_000,
    },
    { country: 'CO', paymentMethod: 'PAY_CASH', transferStatus: 'IN_PROGRESS', amount: 2_500_000 },
    { country: 'CO', paymentMethod: 'PAY_CASH', transferStatus: 'SETTLED', amount: 1_000_000 },
    { country: 'CO', paymentMethod: 'CREDIT_CARD', transferStatus: 'FAILED', amount: 4_000_000 },
  ];

  return Object.assign(sim, {
    credentials,
    seedCharge,
    seedReference,
    getCharge: (key: string) => {
      const charge = charges.get(key);
      return charge ? { ...charge } : undefined;
    },
    getReference: (key: string) => {
      const reference = references.get(key);
      return reference ? { ...reference } : undefined;
    },
    listPayments: () => [
      ...[...charges.values()].map(summaryOfCharge),
      ...[...references.values()].map(summaryOfReference),
    ],
    seedDemoPayments() {
      const keys = DEMO.map((seed) => seedCharge(seed));
      const refs = [
        seedReference({ description: 'Open-amount reference for store payments' }),
        seedReference({ amount: 35_000, description: 'Monthly plan' }),
        seedReference({ amount: 12_000, status: 'CANCELLED', description: 'Cancelled reference' }),
      ];
      return [
        ...keys.map((key) => summaryOfCharge(charges.get(key)!)),
        ...refs.map((key) => summaryOfReference(references.get(key)!)),
      ];
    },
    expireTokens() {
      tokens.clear();
    },
    signWebhook,
    async webhookFor(key: string, eventType = 'CHARGE_STATUS_CHANGED') {
      const charge = charges.get(key);
      const reference = references.get(key);
      const details = charge
        ? chargeBody(charge)
        : reference
          ? referenceBody(reference)
          : undefined;
      if (!details) throw new Error(`no payment "${key}" is seeded`);
      const body = JSON.stringify({ eventType, data: { chargeDetails: details } });
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'liquido-signature': await signWebhook(body),
        },
      };
    },
  });
}
