import { createSimulator, type Simulator, type SimulatorContext } from '@paykit/core/testing';
import type {
  SeedPaymentOptions,
  SimCancel,
  SimPayment,
  SimRefusal,
} from './payermax-sim-store.js';
import { createSimStore } from './payermax-sim-store.js';
import {
  generateRsaKeyPair,
  loadPrivateKey,
  loadPublicKey,
  signText,
  verifyText,
} from './payermax-test-keys.js';

export interface PayerMaxSimulatorOptions {
  /** The merchant's public key (base64 SPKI DER or PEM): request signatures are checked with it. */
  merchantPublicKey: string;
  /** The app id requests must carry. */
  appId?: string;
  /** When set, a request with another merchantNo is refused. */
  merchantNo?: string;
  /** PayerMax's own key pair (base64 DER or PEM); generated when absent. */
  keys?: { privateKey: string; publicKey: string };
  /** How long a cancel stays PENDING; 0 (default): until the order is next looked at. */
  settleAfterMs?: number;
  /** The simulator's clock, epoch ms (default Date.now). */
  now?: () => number;
}

export interface PayerMaxSimulator extends Simulator {
  readonly appId: string;
  readonly merchantNo: string | undefined;
  /** PayerMax's public key, base64 SPKI DER: the connector's `payermaxPublicKey`. */
  readonly publicKey: string;
  /** Adds an order (AUTHORIZED unless told) and returns its outTradeNo. */
  seedPayment(options?: SeedPaymentOptions): string;
  getPayment(outTradeNo: string): SimPayment | undefined;
  listPayments(): SimPayment[];
  /** Seeds one order in each state, two of them cancellable; returns their outTradeNos. */
  seedDemoPayments(): string[];
  /** PayerMax's signature over `text`: for crafting signed answers in tests. */
  sign(text: string): string;
  /** A notification body signed as PayerMax signs it: the body and the headers to POST it with. */
  signNotification(body: string | object): { body: string; headers: Record<string, string> };
  /** The CANCEL notification PayerMax would send for the order's latest cancel. */
  cancelNotification(outTradeNo: string): { body: string; headers: Record<string, string> };
}

const TIME_WINDOW_MS = 2 * 60_000;
const REQUEST_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:Z|[+-]\d{2}:\d{2})$/;
const VERSIONS = ['1.4', '1.5'];
// The gateway APIs the simulator serves and the data fields each requires.
const APIS: Record<string, readonly string[]> = {
  cancel: ['requestId', 'outTradeNo'],
  orderQuery: ['outTradeNo'],
};
// Field limits of the cancel and orderQuery requests, as PayerMax enforces them.
const LIMITS: Record<string, number> = {
  version: 8,
  keyVersion: 8,
  requestTime: 32,
  appId: 64,
  merchantNo: 32,
  requestId: 64,
  outTradeNo: 64,
};

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// PayerMax's PARAMS_INVALID messages, as its error-code list words them.
function checkField(name: string, value: unknown, required: boolean): SimRefusal | undefined {
  if (value === undefined || value === null || value === '') {
    return required
      ? { code: 'PARAMS_INVALID', msg: `${name} is invalid,because ${name} is null.` }
      : undefined;
  }
  if (typeof value !== 'string') {
    return {
      code: 'PARAMS_INVALID',
      msg: `${name} must be String , but your input is ${typeof value}.Make sure all requests type is correct.`,
    };
  }
  const max = LIMITS[name.replace(/^data\./, '')] ?? 64;
  if (value.length > max) {
    return {
      code: 'PARAMS_INVALID',
      msg: `${name} length must be between 1 and ${max},but your input value length is ${value.length}.Make sure all requests length is correct.`,
    };
  }
  return undefined;
}

/** A stateful PayerMax gateway: checks what PayerMax checks and answers as it documents. */
export function createPayerMaxSimulator(options: PayerMaxSimulatorOptions): PayerMaxSimulator {
  const merchantKey = loadPublicKey(options.merchantPublicKey);
  const pair = options.keys ?? generateRsaKeyPair();
  const payermaxKey = loadPrivateKey(pair.privateKey);
  const publicKey = loadPublicKey(pair.publicKey)
    .export({ format: 'der', type: 'spki' })
    .toString('base64');
  const appId = options.appId ?? 'a0dddd1f622243cb9aa1b676e808b5f8';
  const now = options.now ?? Date.now;
  const store = createSimStore({ now, settleAfterMs: options.settleAfterMs ?? 0 });

  function answer(payload: object, context: SimulatorContext, signed = true): Response {
    const text = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const fault = context.fault?.name;
    if (fault === 'wrong-signature') headers.sign = signText(payermaxKey, `${text} `);
    else if (signed && fault !== 'unsigned') headers.sign = signText(payermaxKey, text);
    return new Response(text, { status: 200, headers });
  }

  const refuse = (refusal: SimRefusal, context: SimulatorContext, signed = true) =>
    answer({ msg: refusal.msg, code: refusal.code }, context, signed);

  function checkEnvelope(
    request: Request,
    context: SimulatorContext,
    body: Fields,
    required: readonly string[],
  ) {
    if (typeof body.appId !== 'string' || body.appId !== appId) {
      return refuse(
        { code: 'MERCHANT_APP_INVALID', msg: 'Signature key is not configured.' },
        context,
      );
    }
    const sign = request.headers.get('sign');
    if (!sign || !verifyText(merchantKey, context.body, sign)) {
      // PayerMax does not sign this refusal: it could not tell who asked.
      return refuse(
        { code: 'SIGN_VERIFY_FAILED', msg: 'The signature verify failed.' },
        context,
        false,
      );
    }
    const data = isObject(body.data) ? body.data : {};
    const problem =
      checkField('version', body.version, true) ??
      checkField('keyVersion', body.keyVersion, true) ??
      checkField('requestTime', body.requestTime, true) ??
      checkField('merchantNo', body.merchantNo, false) ??
      (isObject(body.data) ? undefined : checkField('data', undefined, true)) ??
      required.reduce<SimRefusal | undefined>(
        (found, name) => found ?? checkField(`data.${name}`, data[name], true),
        undefined,
      );
    if (problem) return refuse(problem, context);
    if (!VERSIONS.includes(body.version as string) || body.keyVersion !== '1') {
      return refuse({ code: 'PARAMS_INVALID', msg: 'version or keyVersion is invalid.' }, context);
    }
    if (options.merchantNo !== undefined && body.merchantNo !== options.merchantNo) {
      return refuse({ code: 'MERCHANT_INVALID', msg: 'The merchant has been offline.' }, context);
    }
    const time = body.requestTime as string;
    const sentAt = REQUEST_TIME.test(time) ? Date.parse(time) : Number.NaN;
    if (!Number.isFinite(sentAt) || Math.abs(now() - sentAt) > TIME_WINDOW_MS) {
      return refuse(
        { code: 'REQ_TIME_OVER_TIME', msg: 'requestTime effective in two minutes' },
        context,
      );
    }
    return undefined;
  }

  const sim = createSimulator(async (request, context) => {
    const api = new URL(request.url).pathname.split('/').pop() ?? '';
    if (request.method !== 'POST' || !Object.hasOwn(APIS, api)) {
      return new Response(JSON.stringify({ code: 'NOT_FOUND', msg: 'No such API.' }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(context.body);
    } catch {
      return refuse({ code: 'PARAMS_INVALID', msg: 'The request body is not JSON.' }, context);
    }
    if (!isObject(body))
      return refuse({ code: 'PARAMS_INVALID', msg: 'The request body is not an object.' }, context);
    const refused = checkEnvelope(request, context, body, APIS[api]!);
    if (refused) return refused;
    const data = body.data as { requestId: string; outTradeNo: string };
    // APPLY_SUCCESS says the query worked; the order's own state is data.status.
    const outcome =
      api === 'orderQuery'
        ? store.query(data.outTradeNo)
        : store.cancel(data.requestId, data.outTradeNo);
    if ('code' in outcome) return refuse(outcome, context);
    return answer({ msg: 'Success.', code: 'APPLY_SUCCESS', data: outcome }, context);
  });

  function signNotification(body: string | object) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return {
      body: text,
      headers: { 'content-type': 'application/json', sign: signText(payermaxKey, text) },
    };
  }

  return Object.assign(sim, {
    appId,
    merchantNo: options.merchantNo,
    publicKey,
    seedPayment: (seed?: SeedPaymentOptions) => store.seed(seed),
    getPayment: (outTradeNo: string) => store.get(outTradeNo),
    listPayments: () => store.list(),
    seedDemoPayments: () => [
      store.seed({ status: 'AUTHORIZED', amount: 25.5, currency: 'USD' }),
      store.seed({ status: 'AUTHORIZED', amount: 120, currency: 'SAR' }),
      store.seed({ status: 'CAPTURED', amount: 75, currency: 'AED' }),
      store.seed({ status: 'CANCELLED', amount: 10, currency: 'USD' }),
      store.seed({ status: 'PENDING', amount: 300, currency: 'THB' }),
      store.seed({ status: 'CLOSED', amount: 300, currency: 'THB' }),
      store.seed({ status: 'FAILED', amount: 49.99, currency: 'EUR' }),
      store.seed({ status: 'REFUNDED', amount: 15000, currency: 'IDR' }),
    ],
    sign: (text: string) => signText(payermaxKey, text),
    signNotification,
    cancelNotification(outTradeNo: string) {
      const payment = store.get(outTradeNo);
      const cancel: SimCancel | undefined = payment?.cancels.at(-1);
      if (!cancel) throw new Error(`The simulator holds no cancel of ${outTradeNo}.`);
      return signNotification({
        code: 'APPLY_SUCCESS',
        msg: 'Success.',
        keyVersion: '1',
        appId,
        ...(options.merchantNo !== undefined ? { merchantNo: options.merchantNo } : {}),
        notifyTime: `${new Date(now()).toISOString().slice(0, 23)}+00:00`,
        notifyType: 'CANCEL',
        data: cancel,
      });
    },
  });
}
