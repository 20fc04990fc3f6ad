import type { CommonSettings, Connector } from '@paykit/core';
import type {
  FaultInjector,
  RecordedRequest,
  TestKitOption,
  TestKitPayment,
  TestKitReferenceTable,
} from '@paykit/core/testing';
import type { FaultName } from './faults.js';

/** A cancel option of one connector, as the page and the CLI offer it (from its test kit). */
export type ConnectorOption = TestKitOption;

/** A table the page shows beside a connector's options, e.g. PayCash's agreement codes. */
export type ReferenceTable = TestKitReferenceTable;

/**
 * A simulator payment, the same shape for every provider (its kit's `listPayments`), with the
 * amount in words: `state` is the provider's own word.
 */
export interface PaymentRow extends TestKitPayment {
  /** The amount in major units with its currency, e.g. "25.50 USD". */
  amountText?: string;
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

/**
 * Everything the playground knows about one connector: how to run it against a simulator (from
 * its test kit, see connectors/from-kit.ts) or a sandbox (written by hand, where there is one).
 */
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
  /** Absent for a provider without a sandbox (the example Acme Pay, a new connector). */
  connectSandbox?(env: Record<string, string>, settings: PlaygroundSettings): Connector;
}
