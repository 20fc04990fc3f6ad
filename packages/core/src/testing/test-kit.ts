import type { CommonSettings } from '../runtime/index.js';
import type { Connector, Money } from '../spec/index.js';
import type { RecordedRequest, Simulator } from './simulator.js';

/**
 * The settings a test, the playground or a fault trial puts on top of the kit's valid ones. They
 * are spread over the settings the kit derives from the simulator, so a test may also override
 * a provider setting (PayerMax's `privateKey` in another key form, say).
 */
export type TestKitSettings = Pick<
  CommonSettings,
  'baseUrl' | 'fetch' | 'timeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'hooks'
>;

/** What the simulator holds for a payment: cancelled, still open, or unknown to it. */
export type TestKitPaymentState = 'cancelled' | 'open' | 'missing';

/** The faults a UI can offer by name: `bad-signature` only where answers are signed. */
export type TestKitFault = '503' | 'timeout' | 'reset' | 'bad-signature';

/** A cancel option a UI offers for a connector: a choice, or free text. */
export interface TestKitOption {
  /** The key in the option values, and a CLI flag (`--<name>`). */
  name: string;
  label: string;
  kind: 'choice' | 'text';
  choices?: readonly { value: string; label: string }[];
  help?: string;
}

/** A table to show beside a connector's options (PayCash's agreement codes). */
export interface TestKitReferenceTable {
  title: string;
  /** Shown only while these option values are chosen. */
  when?: Record<string, string>;
  note?: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

/** One simulator payment, the same shape for every provider; `state` is the provider's word. */
export interface TestKitPayment {
  id: string;
  state: string;
  /** More about the state, e.g. a cancel still pending at the provider. */
  stateDetail?: string;
  amount?: Money;
  /** The payment method or kind: CREDIT_CARD, PayCash reference, POS … */
  kind?: string;
  description?: string;
  /** Whether the simulator would accept a cancel now (a hint; the provider decides). */
  cancellable: boolean;
  /** The option values this payment needs to be cancelled (`{ target: 'reference' }`). */
  options?: Record<string, string>;
}

/** A request as the simulator recorded it, or as a hook saw it (no method, maybe no body). */
export type TestKitRequest = Pick<RecordedRequest, 'path'> & Partial<RecordedRequest>;

/** How a simulator is made. */
export interface TestKitSimulatorOptions {
  /**
   * For people clicking through (the playground): the provider's real pace where it matters,
   * e.g. a PayerMax cancel that stays PENDING for two seconds. Tests leave it off.
   */
  demo?: boolean;
}

/**
 * Everything a generic test, the playground and the release checks need to drive one connector
 * against its simulator, without knowing the provider. Every connector ships one from its
 * `/testing` entry (`liquidoTestKit`, …); `runConformanceSuite(kit)` runs the suite on it.
 *
 * `C` are the simulator's credentials. Every simulator made from the same credentials accepts the
 * same connector, so a connector may outlive the simulator it was made for.
 */
export interface ConnectorTestKit<
  S extends Simulator = Simulator,
  C extends Record<string, string> = Record<string, string>,
> {
  readonly id: string;
  readonly displayName: string;

  /** Fresh throwaway credentials (RSA key pairs may be shared within a process: they are slow). */
  generateCredentials(): C;
  /** A simulator that accepts `credentials`; the kit's own throwaway ones when absent. */
  createSimulator(credentials?: C, options?: TestKitSimulatorOptions): S;
  /** A connector with valid settings for `sim`, and `settings` on top. */
  createConnector(sim: S, settings?: TestKitSettings): Connector;
  /**
   * The secrets the connector is given for `sim` (keys, API keys, client secrets): values that
   * must never appear in an error, a hook event or a log line.
   */
  secrets(sim: S): string[];

  /** Seeds a payment the connector can cancel, with this id when given, and returns its id. */
  seedCancellable(sim: S, paymentId?: string): string;
  /** What the simulator holds for the payment now (a cancel the provider accepted counts). */
  state(sim: S, paymentId: string): TestKitPaymentState;
  /** How many times the simulator cancelled the payment: 0 or 1, unless something went wrong. */
  cancelCount(sim: S, paymentId: string): number;
  /** Whether a request is a cancel (not a token request, not a status query). */
  isCancelRequest(request: TestKitRequest): boolean;
  /** The payment a recorded cancel request is about. */
  paymentIdOf(request: RecordedRequest): string | undefined;
  /**
   * The cancel's request id as it travels on the wire. Absent when the provider has none
   * (Liquido): its idempotency key is the payment id.
   */
  wireRequestId?(request: RecordedRequest): string | undefined;

  /** What the conformance suite needs beyond the above. */
  conformance?: {
    /** This connector's own `providerOptions` entry for every cancel of the suite. */
    providerOptions?: Record<string, unknown>;
    /** Payment ids this connector must refuse, beyond the suite's own list. */
    invalidPaymentIds?: readonly unknown[];
    /** Whether `getPayment` shows a payment cancelled once it is (default true). */
    getPaymentShowsCancel?: boolean;
  };

  // What a UI (the playground) needs, generically.

  /** Seeds payments in many states, for people to try. */
  seedDemo(sim: S): void;
  /** The simulator's payments, newest last. */
  listPayments(sim: S): TestKitPayment[];
  /** The cancel options a UI can offer. */
  options: readonly TestKitOption[];
  /** Option values from a UI, as this connector's own `providerOptions` entry. */
  providerOptions(values: Record<string, string>): Record<string, unknown>;
  /** The faults that make sense for this provider. */
  faults: readonly TestKitFault[];
  /** Tables to show beside the options. */
  referenceTables?: readonly TestKitReferenceTable[];
}

/** Any connector's kit, for lists of them (method parameters are bivariant). */
export type AnyConnectorTestKit = ConnectorTestKit<Simulator, Record<string, string>>;

/** Types a kit: `export const acmePayTestKit = defineTestKit({ ... })`. */
export function defineTestKit<S extends Simulator, C extends Record<string, string>>(
  kit: ConnectorTestKit<S, C>,
): ConnectorTestKit<S, C> {
  return kit;
}

/** A kit's own throwaway credentials: made on first use, one set per process, so that its simulators agree. */
export function ownCredentials<C>(generate: () => C): () => C {
  let own: C | undefined;
  return () => {
    own ??= generate();
    return own;
  };
}

/** The string at `path` in a recorded JSON body; undefined where the body is not JSON or holds none. */
export function jsonStringAt(body: string, ...path: string[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

/** The faults every HTTP provider can show; `bad-signature` is for signed answers. */
export const COMMON_TEST_KIT_FAULTS: readonly TestKitFault[] = ['503', 'timeout', 'reset'];

/** Whether a value is a test kit (rather than `runConformanceSuite`'s options). */
export function isConnectorTestKit(value: unknown): value is AnyConnectorTestKit {
  const kit = value as Partial<AnyConnectorTestKit> | null;
  return (
    typeof kit === 'object' &&
    kit !== null &&
    typeof kit.id === 'string' &&
    typeof kit.secrets === 'function' &&
    typeof kit.state === 'function'
  );
}

/** A kit's list of kits by id; a duplicate id is an error (ids are registry keys). */
export function kitsById<K extends AnyConnectorTestKit>(kits: readonly K[]): Map<string, K> {
  const byId = new Map<string, K>();
  for (const kit of kits) {
    if (byId.has(kit.id)) throw new Error(`Two connector test kits have the id "${kit.id}".`);
    byId.set(kit.id, kit);
  }
  return byId;
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random string of letters and digits, for throwaway credentials (Web Crypto's randomness). */
export function throwawayToken(length = 32, alphabet = TOKEN_ALPHABET): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}
