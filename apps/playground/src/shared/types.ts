import type { CommonSettings, Connector, Money } from '@paykit/core';
import type { FaultInjector, RecordedRequest } from '@paykit/core/testing';
import type { FaultName } from './faults.js';

/** A cancel option of one connector, as the page and the CLI offer it. */
export interface ConnectorOption {
  /** The key in the option values, and the CLI flag (`--<name>`). */
  name: string;
  label: string;
  kind: 'choice' | 'text';
  choices?: readonly { value: string; label: string }[];
  help?: string;
}

/** A table the page shows beside a connector's options, e.g. PayCash's agreement codes. */
export interface ReferenceTable {
  title: string;
  /** Shown only while these option values are chosen. */
  when?: Record<string, string>;
  note?: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

/** A simulator payment, the same shape for every provider; `state` is the provider's own word. */
export interface PaymentRow {
  id: string;
  state: string;
  /** More about the state, e.g. a cancel still pending at the provider. */
  stateDetail?: string;
  amount?: Money;
  /** The amount in major units with its currency, e.g. "25.50 USD". */
  amountText?: string;
  /** The payment method or kind: CREDIT_CARD, PayCash reference, POS … */
  kind?: string;
  description?: string;
  /** Whether the simulator would accept a cancel now (a hint; the provider decides). */
  cancellable: boolean;
  /** Provider options this payment needs, e.g. `{ target: 'reference' }`. */
  options?: Record<string, string>;
}

/** A running simulator, reduced to what the playground uses. */
export interface SimulatorHandle {
  url: string;
  faults: FaultInjector;
  /** What the simulator received, for tests. */
  requests: readonly RecordedRequest[];
  listPayments(): PaymentRow[];
  close(): Promise<void>;
}

/** Settings the playground gives every connector: hooks, timing, and a base URL for simulators. */
export type PlaygroundSettings = Pick<
  CommonSettings,
  'hooks' | 'timeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'baseUrl'
>;

export interface SimulatedConnector {
  simulator: SimulatorHandle;
  connector: Connector;
}

/** Everything the playground knows about one connector: how to run it against a simulator or a sandbox. */
export interface ConnectorSetup<Secrets extends Record<string, string> = Record<string, string>> {
  id: string;
  /** The sandbox credentials, read from these variables; all required ones set = sandbox mode. */
  env: readonly { name: string; secret: boolean; required: boolean }[];
  options: readonly ConnectorOption[];
  faults: readonly FaultName[];
  referenceTables?: readonly ReferenceTable[];
  /** The option values of the page or CLI, as this connector's providerOptions. */
  providerOptions(values: Record<string, string>): Record<string, unknown>;
  /** Throwaway credentials for the simulator. */
  generateSecrets(): Promise<Secrets>;
  /** The values among the credentials that must never be shown. */
  secretValues(secrets: Secrets): string[];
  startSimulator(secrets: Secrets, settings: PlaygroundSettings): Promise<SimulatedConnector>;
  /** Absent for a provider without a sandbox (the fictional Acme Pay). */
  connectSandbox?(env: Record<string, string>, settings: PlaygroundSettings): Connector;
}
