import { CONNECTOR_IDS, kitFor } from '@paykit/connectors';
import type {
  CancelPaymentInput,
  CancelPaymentResult,
  Connector,
  VerifyWebhookInput,
  WebhookEvent,
} from '@paykit/core';
import type {
  AnyConnectorTestKit,
  RecordedRequest,
  Simulator,
  TestKitPaymentState,
  TestKitSettings,
} from '@paykit/core/testing';
import {
  CANARY,
  type PayerMaxKeyForm,
  payermaxKeys,
  payermaxPrivateKey,
  watchSecrets,
} from './canaries.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';

// Every connector of the manifest (tooling/connectors), through its test kit: the suites iterate
// CONNECTORS, and a connector the generator adds is in them with no edit here. What the harness
// knows of a provider is data: the canary credentials of the built-in ones, below.

/** The connector ids, in the manifest's order. */
export const CONNECTORS: readonly string[] = CONNECTOR_IDS;
/** A connector id of the manifest. */
export type ConnectorName = string;

export const LIQUIDO_CLIENT_ID = 'system-tests-client-id';
export const YABANDPAY_TID = 'T125119061';
/** The app id of the PayerMax merchant the system tests are (its notifications name it). */
export const PAYERMAX_APP_ID = 'a0dddd1f622243cb9aa1b676e808b5f8';

/**
 * The simulator credentials of the built-in connectors: secrets set to the canaries, whose
 * spellings the leak scan knows. Another connector's simulator takes its kit's throwaway
 * credentials, registered with the scan when it is made.
 */
const CANARY_CREDENTIALS: Readonly<Record<string, () => Record<string, string>>> = {
  liquido: () => ({
    clientId: LIQUIDO_CLIENT_ID,
    clientSecret: CANARY.liquidoClientSecret,
    apiKey: CANARY.liquidoApiKey,
  }),
  payermax: () => ({ appId: PAYERMAX_APP_ID, ...payermaxKeys() }),
  yabandpay: () => ({ secretKey: CANARY.yabandpaySecretKey, tid: YABANDPAY_TID }),
};

/** The settings a provider's key in another form takes (PayerMax's privateKey: PEM, PKCS#1). */
const KEY_FORM_SETTINGS: Readonly<Record<string, (form: PayerMaxKeyForm) => object>> = {
  payermax: (form) => ({ privateKey: payermaxPrivateKey(form) }),
};

/** Every connector of the manifest has a webhook verifier (the template writes one). */
export type FullConnector = Connector & {
  verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent>;
};

/** The settings a trial may set on top of the valid ones. */
export type TrialSettings = TestKitSettings;

export type ProviderState = TestKitPaymentState;

/** A connector's simulator; a suite that needs a provider's own methods casts to its type. */
export type AnySimulator = Simulator;

export interface Harness {
  name: ConnectorName;
  /** The connector's test kit, from the manifest. */
  kit: AnyConnectorTestKit;
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

const credentials = new Map<string, Record<string, string>>();

/** The credentials of a connector's simulators in this process: the canaries where there are. */
function credentialsFor(kit: AnyConnectorTestKit): Record<string, string> {
  let found = credentials.get(kit.id);
  if (!found) {
    found = CANARY_CREDENTIALS[kit.id]?.() ?? kit.generateCredentials();
    credentials.set(kit.id, found);
  }
  return found;
}

/** Creates a simulator of the provider (secrets set to the canaries, or watched like them). */
export function createSim(name: ConnectorName): AnySimulator {
  const kit = kitFor(name);
  const sim = kit.createSimulator(credentialsFor(kit));
  if (!CANARY_CREDENTIALS[name]) watchSecrets(kit.secrets(sim));
  return sim;
}

/** The connector with valid settings (secrets set to the canaries) and `settings` on top. */
export function createConnectorFor(
  name: ConnectorName,
  settings: TrialSettings,
  payermaxKeyForm: PayerMaxKeyForm = 'der-base64',
): FullConnector {
  const kit = kitFor(name);
  const keyForm =
    payermaxKeyForm === 'der-base64' ? {} : KEY_FORM_SETTINGS[name]?.(payermaxKeyForm);
  // Every simulator made from the same credentials takes this connector.
  return kit.createConnector(createSim(name), {
    ...keyForm,
    ...settings,
  } as TrialSettings) as FullConnector;
}

let seeded = 0;
/** A fresh payment id of the shape every provider takes. */
export function freshPaymentId(name: ConnectorName): string {
  seeded += 1;
  return `st-${name.slice(0, 3)}-${process.pid}-${Date.now().toString(36)}-${seeded}`;
}

/** Seeds a cancellable payment in `sim` and returns its id. */
export function seedPayment(name: ConnectorName, sim: Simulator, id = freshPaymentId(name)) {
  return kitFor(name).seedCancellable(sim, id);
}

/** Whether the simulator cancelled the payment (a PayerMax cancel counts once accepted). */
export function providerState(name: ConnectorName, sim: Simulator, id: string): ProviderState {
  return kitFor(name).state(sim, id);
}

/** How many times the simulator cancelled the payment. */
export function cancelCount(name: ConnectorName, sim: Simulator, id: string): number {
  return kitFor(name).cancelCount(sim, id);
}

/**
 * Status queries confirming an outcome are not cancels: Liquido's GET, PayerMax's orderQuery,
 * YabandPay's v3.QueryOrder on the same endpoint.
 */
export const isCancelRequest = (name: ConnectorName, request: { path: string; body?: string }) =>
  kitFor(name).isCancelRequest(request);

const recorded = (request: { path?: string; body: string }): RecordedRequest => ({
  method: 'POST',
  url: '',
  path: request.path ?? '',
  headers: {},
  body: request.body,
});

/** The payment a recorded cancel request was about. */
export function paymentIdOf(name: ConnectorName, request: { path: string; body: string }) {
  return kitFor(name).paymentIdOf(recorded(request));
}

/** The request id in a cancel's body; undefined where the provider has none on the wire. */
export function wireRequestIdOf(name: ConnectorName, body: string): string | undefined {
  return kitFor(name).wireRequestId?.(recorded({ body }));
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
  const kit = kitFor(name);
  return {
    name,
    kit,
    connector,
    sim,
    baseUrl,
    seed: (id) => seedPayment(name, sim, id),
    state: (id) => providerState(name, sim, id),
    cancelRequests: () => sim.requests.filter((r) => isCancelRequest(name, r)),
    wireRequestId: (r) => kit.wireRequestId?.(r),
    cancel: (input) => connector.cancelPayment(input),
    ...(proxy ? { proxy } : {}),
    close: async () => {
      await proxy?.close();
      await server?.close();
    },
  };
}
