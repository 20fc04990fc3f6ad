import type { LiquidoSimulator } from '@paykit/connector-liquido/testing';
import type { PayerMaxSimulator } from '@paykit/connector-payermax/testing';
import type { YabandPaySimulator } from '@paykit/connector-yabandpay/testing';
import { type AnySimulator, CONNECTORS, type ConnectorName } from './harness.js';

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

type Signer = (
  sim: AnySimulator,
  payload: unknown,
  options: { timestamp?: number },
) => Promise<SignedWebhook>;

/**
 * Signs webhooks as each provider does, with the simulator's secret. YabandPay signs the fields
 * of `data` (the body carries the signature); Liquido signs body and timestamp (header);
 * PayerMax signs the raw body (header).
 */
const SIGNERS: Readonly<Record<string, Signer>> = {
  yabandpay: async (sim, payload) => {
    const data = payload as Record<string, unknown>;
    return { body: await (sim as YabandPaySimulator).signNotification(data), headers: {} };
  },
  liquido: async (sim, payload, options) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const signature = await (sim as LiquidoSimulator).signWebhook(body, options.timestamp);
    return {
      body,
      headers: { 'content-type': 'application/json', 'liquido-signature': signature },
    };
  },
  payermax: async (sim, payload) =>
    (sim as PayerMaxSimulator).signNotification(
      typeof payload === 'string' ? payload : (payload as object),
    ),
};

/**
 * A valid notification payload of each provider, about `paymentId`: the suite tampers with what
 * each provider signs, so it knows their wire formats, connector by connector.
 */
const PAYLOADS: Readonly<Record<string, (paymentId: string) => unknown>> = {
  yabandpay: (paymentId) => ({
    user: 'T125119061',
    amount: '12.50',
    currency: 'EUR',
    trade_id: paymentId,
    description: 'Espresso',
    order_id: '280244567856723026',
    createDate: '1700000000',
    transaction_id: '',
    state: '08',
  }),
  liquido: (paymentId) => ({
    eventType: 'CHARGE_STATUS_CHANGED',
    data: {
      chargeDetails: {
        idempotencyKey: paymentId,
        amount: 10000,
        currency: 'BRL',
        country: 'BR',
        paymentMethod: 'PIX_DYNAMIC_QR',
        transferStatus: 'CANCELLED',
        transferStatusCode: 200,
      },
    },
  }),
  payermax: (paymentId) => ({
    code: 'APPLY_SUCCESS',
    msg: 'Success.',
    keyVersion: '1',
    appId: 'a0dddd1f622243cb9aa1b676e808b5f8',
    notifyTime: '2024-05-01T12:34:56.789+00:00',
    notifyType: 'CANCEL',
    data: {
      cancelNo: '20240501123456ED0000000000000000001',
      requestId: 'req0001',
      outTradeNo: paymentId,
      status: 'SUCCESS',
      totalAmount: 25.5,
      currency: 'USD',
    },
  }),
};

/** The connectors of the manifest whose webhooks this suite knows how to sign and tamper with. */
export const WEBHOOK_CONNECTORS: readonly ConnectorName[] = CONNECTORS.filter(
  (name) => Object.hasOwn(SIGNERS, name) && Object.hasOwn(PAYLOADS, name),
);

export async function signWebhook(
  name: ConnectorName,
  sim: AnySimulator,
  payload: unknown,
  options: { timestamp?: number } = {},
): Promise<SignedWebhook> {
  const signer = SIGNERS[name];
  if (!signer) throw new Error(`The webhook suite does not know how ${name} signs.`);
  return signer(sim, payload, options);
}

/** A valid notification payload of each provider, about `paymentId`. */
export function notificationPayload(name: ConnectorName, paymentId: string): unknown {
  const payload = PAYLOADS[name];
  if (!payload) throw new Error(`The webhook suite has no ${name} notification.`);
  return payload(paymentId);
}

/** YabandPay's signed string, computed independently: the fields of data, sorted, `k=v&`. */
export function yabandpaySigned(body: string): string | undefined {
  try {
    const text = body.trim();
    const json = text.startsWith('{') ? text : new URLSearchParams(text).get('resultData');
    const { data } = JSON.parse(json ?? '') as { data: Record<string, unknown> };
    return Object.keys(data)
      .filter((key) => key !== 'sign' && data[key] !== undefined && data[key] !== null)
      .sort()
      .map((key) => {
        const value = data[key];
        return `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
      })
      .join('&');
  } catch {
    return undefined;
  }
}

/** YabandPay's `sign` field of a notification body (JSON or form), or undefined. */
export function yabandpaySign(body: string): unknown {
  try {
    const text = body.trim();
    const json = text.startsWith('{') ? text : new URLSearchParams(text).get('resultData');
    return (JSON.parse(json ?? '') as { sign?: unknown }).sign;
  } catch {
    return undefined;
  }
}

/** Strict base64 to bytes (standard alphabet, whitespace ignored), or undefined. */
export function strictBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  try {
    return Buffer.from(atob(compact), 'latin1');
  } catch {
    return undefined;
  }
}

/** Liquido's signature header, read independently: fields by lowercased name, values trimmed. */
export function liquidoHeaderMeaning(header: string | undefined) {
  if (!header) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return {
    algorithm: fields.get('algorithm')?.toLowerCase(),
    timestamp: fields.get('timestamp'),
    signature: fields.get('signature')?.toLowerCase(),
  };
}
