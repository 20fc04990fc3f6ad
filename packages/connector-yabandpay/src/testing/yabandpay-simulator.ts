import { hmacSha256Hex, timingSafeEqualString } from '@paykit/core/connector';
import { createSimulator, json, type Simulator } from '@paykit/core/testing';
import {
  posCancelRefusal,
  REFUSALS,
  type Refusal,
  reversalRefusal,
  type SimPayment,
  type SimPaymentState,
  STATE_CODES,
  silentCancelRefusal,
} from './yabandpay-sim-rules.js';

export interface YabandPaySimulatorOptions {
  /** The merchant secret key requests must be signed with. */
  secretKey?: string;
  /** The terminal id payments are taken on by default. */
  tid?: string;
  /** The simulator's clock, epoch milliseconds; tests move it to cross the cancel windows. */
  now?: () => number;
}

export interface SeedPaymentOptions {
  tradeId?: string;
  state?: SimPaymentState;
  amount?: string;
  currency?: string;
  /** The CET day the payment was made (default 'today'); `createdAt` sets the exact instant. */
  day?: 'today' | 'yesterday';
  /** Epoch milliseconds; wins over `day`. */
  createdAt?: number;
  cleared?: boolean;
  refunded?: boolean;
  expired?: boolean;
  tid?: string;
  orderId?: string;
  description?: string;
  /**
   * How long the terminal takes to run a reversal, in ms (default 0). Until it is done the
   * payment stays paid (`00` to QueryOrder) and the reversal's answer has not come back.
   */
  reversalMs?: number;
}

export interface NotificationOptions {
  /** `json`: the raw `{sign, data}` body; `form`: `resultData=<url-encoded JSON>`. */
  format?: 'json' | 'form';
}

export interface YabandPaySimulator extends Simulator {
  readonly secretKey: string;
  readonly tid: string;
  /** Adds a payment and returns its trade_id. */
  seedPayment(options?: SeedPaymentOptions): string;
  /** A realistic set of payments, one in each state (and the cleared, refunded, yesterday cases). */
  seedDemoPayments(): string[];
  /** A copy of a payment as the simulator holds it. */
  getPayment(tradeId: string): SimPayment | undefined;
  listPayments(): SimPayment[];
  /** Signs notification `data` as YabandPay does and returns the body it would post. */
  signNotification(data: Record<string, unknown>, options?: NotificationOptions): Promise<string>;
  /** The notification YabandPay would post now for a payment of the simulator. */
  notificationFor(tradeId: string, options?: NotificationOptions): Promise<string>;
}

export const DEFAULT_SIMULATOR_SECRET_KEY = 'sim-yabandpay-secret-0123456789abcdef';
export const DEFAULT_SIMULATOR_TID = 'T125119061';

const METHODS = ['v3.POSReversal', 'v3.POSCancel', 'v3.CancelPayment', 'v3.QueryOrder'] as const;
type Method = (typeof METHODS)[number];
const REQUIRED_DATA: Record<Method, readonly string[]> = {
  'v3.POSReversal': ['tid', 'trade_id', 'request_id'],
  'v3.POSCancel': ['tid', 'trade_id', 'request_id'],
  'v3.CancelPayment': ['trade_id'],
  'v3.QueryOrder': ['trade_id'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

// The simulator's own canonical form (not core's), so that the connector is checked against an
// independent reading of the documentation: sorted keys, `k=v` joined by `&`, values raw.
function canonical(fields: Record<string, unknown>): string {
  return Object.keys(fields)
    .filter((key) => key !== 'sign' && fields[key] !== undefined && fields[key] !== null)
    .sort()
    .map((key) => {
      const value = fields[key];
      return `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
    })
    .join('&');
}

// Notifications are signed by YabandPay's PHP code, which turns each value into text with PHP's
// string conversion (`"$k=$v&"`). The simulator's own reading of those rules, written apart from
// the connector's: null and false are '', true is '1', a safe integer is a PHP int (its digits),
// any other number a PHP float printed with precision=14, an array or object 'Array'.
function phpText(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? `${value}` : phpFloat(value);
  if (Array.isArray(value) || typeof value === 'object') return 'Array';
  return `${value as string}`;
}

// PHP's float to string at precision=14, from the exact decimal expansion of the double: 14
// significant digits rounded half to even, then php_gcvt's plain or `d.dddE±x` layout.
function phpFloat(value: number): string {
  if (Number.isNaN(value)) return 'NAN';
  if (value === Infinity || value === -Infinity) return value > 0 ? 'INF' : '-INF';
  const minus = value < 0 || 1 / value === -Infinity ? '-' : '';
  if (value === 0) return `${minus}0`;
  // |value| = significand × 2^exponent, exactly.
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, Math.abs(value));
  const raw = bits.getBigUint64(0);
  const biased = Number(raw >> 52n);
  let significand = raw & ((1n << 52n) - 1n);
  let exponent = -1074;
  if (biased !== 0) {
    significand += 1n << 52n;
    exponent = biased - 1075;
  }
  // The exact decimal digits and how many of them are decimals: m·2^-k = m·5^k / 10^k.
  const exact =
    exponent >= 0
      ? (significand << BigInt(exponent)).toString()
      : (significand * 5n ** BigInt(-exponent)).toString();
  const decimals = exponent >= 0 ? 0 : -exponent;
  let point = exact.length - decimals; // value = 0.<exact> × 10^point
  let kept = exact.slice(0, 14);
  const dropped = exact.slice(14);
  if (dropped !== '') {
    const half = dropped[0] === '5' && /^0*$/.test(dropped.slice(1));
    const up =
      dropped[0]! > '5' || (dropped[0] === '5' && !half) || (half && Number(kept.at(-1)) % 2 === 1);
    if (up) {
      const bumped = (BigInt(kept) + 1n).toString();
      if (bumped.length > kept.length) point += 1;
      kept = bumped.slice(0, 14);
    }
  }
  const digits = kept.replace(/0+$/, '');
  let text: string;
  if (point < -3 || point > 14) {
    const e = point - 1;
    text = `${digits[0]}.${digits.slice(1) || '0'}E${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  } else if (point <= 0) {
    text = `0.${'0'.repeat(-point)}${digits}`;
  } else if (digits.length <= point) {
    text = digits + '0'.repeat(point - digits.length);
  } else {
    text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return minus + text;
}

// The string a notification is signed over: the fields of data except sign, sorted, `k=v` joined
// by `&`, every field kept (a null is `k=`), values as PHP turns them into text.
function phpCanonical(fields: Record<string, unknown>): string {
  return Object.keys(fields)
    .filter((key) => key !== 'sign' && fields[key] !== undefined)
    .sort()
    .map((key) => `${key}=${phpText(fields[key])}`)
    .join('&');
}

function ok(data: unknown): Response {
  return json({ status: true, code: '200', data, message: '' });
}

function refuse(refusal: Refusal): Response {
  return json({ status: false, code: refusal.code, data: {}, message: refusal.message });
}

/** A trade id shaped like YabandPay's (a UUID). */
function newTradeId(): string {
  return globalThis.crypto.randomUUID();
}

let orderCounter = 0;
function newOrderId(): string {
  orderCounter += 1;
  return `2802445678${String(56723026 + orderCounter).padStart(8, '0')}`;
}

/** A stateful YabandPay: signed `POST /Payments` for reversal, POS cancel, silent cancel and query. */
export function createYabandPaySimulator(
  options: YabandPaySimulatorOptions = {},
): YabandPaySimulator {
  const secretKey = options.secretKey ?? DEFAULT_SIMULATOR_SECRET_KEY;
  const defaultTid = options.tid ?? DEFAULT_SIMULATOR_TID;
  const now = options.now ?? Date.now;
  const payments = new Map<string, SimPayment>();
  const seenRequestIds = new Set<string>();

  function paymentData(payment: SimPayment, state: string) {
    return {
      type: 'payment',
      user: payment.tid,
      amount: payment.amount,
      currency: payment.currency,
      trade_id: payment.tradeId,
      description: payment.description,
      order_id: payment.orderId,
      createDate: String(Math.floor(payment.createdAt / 1000)),
      demo: 'test',
      transaction_id: '',
      state,
    };
  }

  async function cancel(
    payment: SimPayment,
    method: Method,
    refusal: Refusal | undefined,
  ): Promise<Response> {
    if (refusal) return refuse(refusal);
    if (method === 'v3.POSReversal' && payment.reversalMs > 0) {
      // The terminal shows the reversal and answers when it is done; a client that gave up
      // before then never hears it, while the payment still reads paid.
      const reversalMs = payment.reversalMs;
      payment.reversalMs = 0;
      await new Promise((resolve) => setTimeout(resolve, reversalMs));
    }
    payment.state = 'cancelled';
    payment.cancelledBy = method;
    return ok(paymentData(payment, 'cancelled'));
  }

  async function handle(request: Request, body: string): Promise<Response> {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/Payments') {
      return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
    }
    let envelope: unknown;
    try {
      envelope = JSON.parse(body);
    } catch {
      return refuse(REFUSALS.missingField);
    }
    if (!isRecord(envelope)) return refuse(REFUSALS.missingField);
    const { user, sign, method, time, data } = envelope;
    if (![user, sign, method].every((f) => typeof f === 'string' && f !== ''))
      return refuse(REFUSALS.missingField);
    if (!(typeof time === 'number' && Number.isInteger(time)) || !isRecord(data)) {
      return refuse(REFUSALS.missingField);
    }
    if (!METHODS.includes(method as Method)) return refuse(REFUSALS.unknownMethod);
    const call = method as Method;
    if (!REQUIRED_DATA[call].every((field) => present(data[field])))
      return refuse(REFUSALS.missingField);

    const expected = await hmacSha256Hex(secretKey, canonical({ user, method, time, ...data }));
    if (!timingSafeEqualString(expected, String(sign))) return refuse(REFUSALS.signature);

    if (REQUIRED_DATA[call].includes('request_id')) {
      const requestId = String(data.request_id);
      if (seenRequestIds.has(requestId)) return refuse(REFUSALS.duplicateRequest);
      seenRequestIds.add(requestId);
    }

    const payment = payments.get(String(data.trade_id));
    if (!payment) return refuse(REFUSALS.notFound);
    switch (call) {
      case 'v3.POSReversal':
        return cancel(payment, call, reversalRefusal(payment, now()));
      case 'v3.POSCancel':
        return cancel(payment, call, posCancelRefusal(payment));
      case 'v3.CancelPayment':
        return cancel(payment, call, silentCancelRefusal(payment, now()));
      case 'v3.QueryOrder':
        return ok({ transaction_info: paymentData(payment, STATE_CODES[payment.state]) });
    }
  }

  const sim = createSimulator((request, context) => handle(request, context.body));

  function seedPayment(seed: SeedPaymentOptions = {}): string {
    const tradeId = seed.tradeId ?? newTradeId();
    const createdAt =
      seed.createdAt ?? now() - (seed.day === 'yesterday' ? 24 * 60 * 60 * 1000 : 0);
    payments.set(tradeId, {
      tradeId,
      orderId: seed.orderId ?? newOrderId(),
      tid: seed.tid ?? defaultTid,
      state: seed.state ?? 'paid',
      amount: seed.amount ?? '0.10',
      currency: seed.currency ?? 'EUR',
      description: seed.description ?? 'YabandPay test',
      createdAt,
      cleared: seed.cleared ?? false,
      refunded: seed.refunded ?? false,
      expired: seed.expired ?? false,
      reversalMs: seed.reversalMs ?? 0,
    });
    return tradeId;
  }

  async function signNotification(data: Record<string, unknown>, opts: NotificationOptions = {}) {
    const sign = await hmacSha256Hex(secretKey, phpCanonical(data));
    const payload = JSON.stringify({ sign, data });
    return opts.format === 'form' ? `resultData=${encodeURIComponent(payload)}` : payload;
  }

  return Object.assign(sim, {
    secretKey,
    tid: defaultTid,
    seedPayment,
    seedDemoPayments: () => [
      seedPayment({ state: 'paid', amount: '12.50', description: 'Espresso and cake' }),
      seedPayment({
        state: 'paid',
        amount: '3.20',
        day: 'yesterday',
        description: 'Yesterday, past the reversal window',
      }),
      seedPayment({ state: 'paid', amount: '45.00', cleared: true, description: 'Cleared' }),
      seedPayment({
        state: 'paid',
        amount: '19.99',
        refunded: true,
        description: 'Partly refunded',
      }),
      seedPayment({ state: 'authorized', amount: '80.00' }),
      seedPayment({ state: 'pending', amount: '7.40', description: 'Waiting on the terminal' }),
      seedPayment({ state: 'processing', amount: '9.90' }),
      seedPayment({ state: 'verify', amount: '150.00' }),
      seedPayment({ state: 'declined', amount: '22.00' }),
      seedPayment({ state: 'failed', amount: '5.00' }),
      seedPayment({ state: 'expired', amount: '14.00' }),
      seedPayment({ state: 'cancelled', amount: '0.10' }),
    ],
    getPayment: (tradeId: string) => {
      const payment = payments.get(tradeId);
      return payment ? { ...payment } : undefined;
    },
    listPayments: () => [...payments.values()].map((payment) => ({ ...payment })),
    signNotification,
    async notificationFor(tradeId: string, opts: NotificationOptions = {}) {
      const payment = payments.get(tradeId);
      if (!payment) throw new Error(`The simulator has no payment ${tradeId}.`);
      const {
        type: _type,
        demo: _demo,
        ...data
      } = paymentData(payment, STATE_CODES[payment.state]);
      return signNotification(data, opts);
    },
  });
}
