import { createLiquido } from '@paykit/connector-liquido';
import { createLiquidoSimulator, type LiquidoSimulator } from '@paykit/connector-liquido/testing';
import { createPayerMax } from '@paykit/connector-payermax';
import {
  createPayerMaxSimulator,
  type PayerMaxSimulator,
} from '@paykit/connector-payermax/testing';
import { createYabandPay } from '@paykit/connector-yabandpay';
import {
  createYabandPaySimulator,
  type YabandPaySimulator,
} from '@paykit/connector-yabandpay/testing';
import type {
  CancelPaymentInput,
  CancelPaymentResult,
  CommonSettings,
  Connector,
  VerifyWebhookInput,
  WebhookEvent,
} from '@paykit/core';
import type { RecordedRequest, Simulator } from '@paykit/core/testing';
import { CANARY, type PayerMaxKeyForm, payermaxKeys, payermaxPrivateKey } from './canaries.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';

export const CONNECTORS = ['liquido', 'payermax', 'yabandpay'] as const;
export type ConnectorName = (typeof CONNECTORS)[number];

export const LIQUIDO_CLIENT_ID = 'system-tests-client-id';
export const YABANDPAY_TID = 'T125119061';

/** Every built-in connector has a webhook verifier. */
export type FullConnector = Connector & {
  verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent>;
};

/** The settings a trial may set on top of the valid ones. */
export type TrialSettings = Pick<
  CommonSettings,
  'timeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'hooks' | 'fetch' | 'baseUrl'
>;

export type ProviderState = 'cancelled' | 'open' | 'missing';

export type AnySimulator = LiquidoSimulator | PayerMaxSimulator | YabandPaySimulator;

export interface Harness {
  name: ConnectorName;
  connector: FullConnector;
  sim: AnySimulator;
  /** Where the connector sends its traffic. */
  baseUrl: string;
  /** Seeds a payment the connector can cancel (with this id when given) and returns its id. */
  seed(id?: string): string;
  /** What the simulator holds for the payment now. */
  state(paymentId: string): ProviderState;
  /** The requests that were cancels (Liquido's token requests left out). */
  cancelRequests(): RecordedRequest[];
  /** The request id as it travels on the wire, where the provider has one. */
  wireRequestId(request: RecordedRequest): string | undefined;
  /** Where the provider keeps the payment id: in the body (PayerMax, YabandPay) or the path. */
  cancel(input: Omit<CancelPaymentInput, 'providerOptions'>): Promise<CancelPaymentResult>;
  /** The proxy between connector and simulator, when the harness was made with one. */
  proxy?: FaultProxy;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** `loopback` (default): the simulator served on 127.0.0.1; `in-process`: its fetch handler. */
  transport?: 'loopback' | 'in-process';
  settings?: TrialSettings;
  payermaxKeyForm?: PayerMaxKeyForm;
  /** Loopback only: a fault proxy between connector and simulator, for faults in mid-body. */
  proxy?: boolean;
}

function bodyField(body: string, path: readonly string[]): string | undefined {
  try {
    let value: unknown = JSON.parse(body);
    for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Creates a simulator of the provider (secrets set to the canaries). */
export function createSim(name: ConnectorName): AnySimulator {
  switch (name) {
    case 'liquido':
      return createLiquidoSimulator({
        clientId: LIQUIDO_CLIENT_ID,
        clientSecret: CANARY.liquidoClientSecret,
        apiKey: CANARY.liquidoApiKey,
      });
    case 'payermax': {
      const keys = payermaxKeys();
      return createPayerMaxSimulator({
        merchantPublicKey: keys.merchantPublicKey,
        keys: { privateKey: keys.payermaxPrivateKey, publicKey: keys.payermaxPublicKey },
      });
    }
    case 'yabandpay':
      return createYabandPaySimulator({
        secretKey: CANARY.yabandpaySecretKey,
        tid: YABANDPAY_TID,
      });
  }
}

/** The connector with valid settings (secrets set to the canaries) and `settings` on top. */
export function createConnectorFor(
  name: ConnectorName,
  settings: TrialSettings,
  payermaxKeyForm: PayerMaxKeyForm = 'der-base64',
): FullConnector {
  switch (name) {
    case 'liquido':
      return createLiquido({
        clientId: LIQUIDO_CLIENT_ID,
        clientSecret: CANARY.liquidoClientSecret,
        apiKey: CANARY.liquidoApiKey,
        ...settings,
      }) as FullConnector;
    case 'payermax':
      return createPayerMax({
        appId: 'a0dddd1f622243cb9aa1b676e808b5f8',
        privateKey: payermaxPrivateKey(payermaxKeyForm),
        payermaxPublicKey: payermaxKeys().payermaxPublicKey,
        ...settings,
      });
    case 'yabandpay':
      return createYabandPay({
        secretKey: CANARY.yabandpaySecretKey,
        tid: YABANDPAY_TID,
        ...settings,
      });
  }
}

let seeded = 0;
/** A fresh payment id of the shape every provider takes. */
export function freshPaymentId(name: ConnectorName): string {
  seeded += 1;
  return `st-${name.slice(0, 3)}-${process.pid}-${Date.now().toString(36)}-${seeded}`;
}

/** Seeds a cancellable payment in `sim` and returns its id. */
export function seedPayment(name: ConnectorName, sim: Simulator, id = freshPaymentId(name)) {
  switch (name) {
    case 'liquido':
      return (sim as LiquidoSimulator).seedCharge({
        idempotencyKey: id,
        country: 'BR',
        paymentMethod: 'PIX_DYNAMIC_QR',
        transferStatus: 'IN_PROGRESS',
      });
    case 'payermax':
      return (sim as PayerMaxSimulator).seedPayment({ outTradeNo: id, amount: 25.5 });
    case 'yabandpay':
      return (sim as YabandPaySimulator).seedPayment({ tradeId: id, state: 'paid' });
  }
}

/** Whether the simulator cancelled the payment (a PayerMax cancel counts once accepted). */
export function providerState(name: ConnectorName, sim: Simulator, id: string): ProviderState {
  switch (name) {
    case 'liquido': {
      const charge = (sim as LiquidoSimulator).getCharge(id);
      if (!charge) return 'missing';
      return charge.transferStatus === 'CANCELLED' ? 'cancelled' : 'open';
    }
    case 'payermax': {
      const payment = (sim as PayerMaxSimulator).getPayment(id);
      if (!payment) return 'missing';
      return payment.status === 'CANCELLED' ? 'cancelled' : 'open';
    }
    case 'yabandpay': {
      const payment = (sim as YabandPaySimulator).getPayment(id);
      if (!payment) return 'missing';
      return payment.state === 'cancelled' ? 'cancelled' : 'open';
    }
  }
}

/** How many times the simulator cancelled the payment. */
export function cancelCount(name: ConnectorName, sim: Simulator, id: string): number {
  switch (name) {
    case 'liquido':
      return (sim as LiquidoSimulator).getCharge(id)?.transferStatus === 'CANCELLED' ? 1 : 0;
    case 'payermax':
      return (sim as PayerMaxSimulator).getPayment(id)?.cancels.length ?? 0;
    case 'yabandpay':
      return (sim as YabandPaySimulator).getPayment(id)?.cancelledBy ? 1 : 0;
  }
}

export const isCancelRequest = (name: ConnectorName, request: { path: string; body?: string }) => {
  // Status queries confirming an outcome are not cancels: Liquido's GET, PayerMax's orderQuery,
  // YabandPay's v3.QueryOrder on the same endpoint.
  if (name === 'liquido')
    return request.path.startsWith('/v1/payments/charges/') && request.path.includes('/cancel/');
  if (name === 'yabandpay') return !request.body?.includes('"v3.QueryOrder"');
  return !request.path.endsWith('/orderQuery');
};

/** The payment a recorded cancel request was about. */
export function paymentIdOf(name: ConnectorName, request: { path: string; body: string }) {
  switch (name) {
    case 'liquido':
      return decodeURIComponent(request.path.split('/').pop() ?? '');
    case 'payermax':
      return bodyField(request.body, ['data', 'outTradeNo']);
    case 'yabandpay':
      return bodyField(request.body, ['data', 'trade_id']);
  }
}

export function wireRequestIdOf(name: ConnectorName, body: string): string | undefined {
  switch (name) {
    case 'liquido':
      // Liquido has no request id on the wire; its idempotency key is the payment id.
      return undefined;
    case 'payermax':
      return bodyField(body, ['data', 'requestId']);
    case 'yabandpay':
      return bodyField(body, ['data', 'request_id']);
  }
}

export async function createHarness(
  name: ConnectorName,
  options: HarnessOptions = {},
): Promise<Harness> {
  const sim = createSim(name);
  const server = options.transport === 'in-process' ? undefined : await sim.listen();
  const proxy =
    server && options.proxy
      ? await startFaultProxy(server.url, (path) => isCancelRequest(name, { path }))
      : undefined;
  const baseUrl = proxy?.url ?? server?.url ?? `https://${name}.sim.test`;
  const connector = createConnectorFor(
    name,
    {
      baseUrl,
      retryBaseDelayMs: 1,
      ...(server ? {} : { fetch: sim.fetch }),
      ...options.settings,
    },
    options.payermaxKeyForm,
  );
  return {
    name,
    connector,
    sim,
    baseUrl,
    seed: (id) => seedPayment(name, sim, id),
    state: (id) => providerState(name, sim, id),
    cancelRequests: () => sim.requests.filter((r) => isCancelRequest(name, r)),
    wireRequestId: (r) => wireRequestIdOf(name, r.body),
    cancel: (input) => connector.cancelPayment(input),
    ...(proxy ? { proxy } : {}),
    close: async () => {
      await proxy?.close();
      await server?.close();
    },
  };
}
