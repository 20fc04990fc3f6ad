import { createRegistry, type Registry } from '@paykit/core';
import { createRedactor, type Redactor } from '@paykit/core/connector';
import { createEventCollector, summarizeEvent } from './call-events.js';
import { ALL_SETUPS } from './connectors/index.js';
import { type DemoSecrets, demoSecretValues, generateDemoSecrets } from './demo-secrets.js';
import { FAULT_NAMES, type FaultName, faultFor } from './faults.js';
import { PlaygroundInputError } from './input-error.js';
import { moneyText } from './money.js';
import { type CallOutcome, errorView } from './outcome.js';
import { chooseMode, sandboxSecretValues } from './sandbox-env.js';
import { type PlaygroundConnector, startConnectors } from './start-connectors.js';
import type { ConnectorSetup, PaymentRow, PlaygroundSettings } from './types.js';

export type { PlaygroundConnector };

export interface PlaygroundOptions {
  /** Where sandbox credentials are read from; default process.env. */
  env?: Record<string, string | undefined>;
  /** Fixed throwaway credentials for the simulators; generated when absent. */
  demoSecrets?: DemoSecrets;
  /** The connectors' timeout in simulator mode (default 2000 ms, so a timeout shows quickly). */
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** Receives every log line, secrets already redacted. */
  log?: (line: string) => void;
  setups?: readonly ConnectorSetup[];
}

export interface CancelRequest {
  paymentId: string;
  requestId?: string;
  /** Option values by name (see the connector's `options`). */
  options?: Record<string, string>;
  fault?: FaultName;
  /** `once`: the next request only, so a retry recovers; `every`: every attempt, so the call fails. */
  faultTimes?: 'once' | 'every';
}

export interface Playground {
  registry: Registry;
  connectors: readonly PlaygroundConnector[];
  get(id: string): PlaygroundConnector;
  listPayments(id: string): PaymentRow[] | undefined;
  cancel(id: string, request: CancelRequest): Promise<CallOutcome>;
  /** The page's or CLI's option values as the connector's providerOptions (for a batch file). */
  providerOptions(id: string, values: Record<string, string>): Record<string, unknown>;
  redactor: Redactor;
  /** Every secret value in use: throwaway and sandbox credentials. */
  secrets: readonly string[];
  close(): Promise<void>;
}

/**
 * The one place that starts the simulators, makes the connectors and the registry: the server
 * and the CLI both use it, so both drive the very same setup.
 */
export async function createPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const setups = options.setups ?? ALL_SETUPS;
  const env = options.env ?? process.env;
  // Given credentials win; any connector left without is given fresh ones.
  const missing = setups.filter((setup) => !options.demoSecrets?.[setup.id]);
  const demoSecrets = { ...(await generateDemoSecrets(missing)), ...options.demoSecrets };
  const timeoutMs = options.timeoutMs ?? 2000;
  const maxRetries = options.maxRetries ?? 2;
  const choices = setups.map((setup) => ({ setup, choice: chooseMode(setup, env) }));
  const secrets = [
    ...demoSecretValues(setups, demoSecrets),
    ...choices.flatMap(({ setup, choice }) =>
      choice.mode === 'sandbox' ? sandboxSecretValues(setup, choice.values) : [],
    ),
  ];
  const redactor = createRedactor(secrets);
  const log = (line: string) => options.log?.(redactor.redactString(line));
  const collector = createEventCollector(redactor, (connector, event) =>
    log(`  ${connector} ${summarizeEvent(event)}`),
  );
  const simulatorSettings: PlaygroundSettings = {
    hooks: collector.hooks,
    timeoutMs,
    maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 200,
  };

  const connectors = await startConnectors(choices, demoSecrets, simulatorSettings, {
    hooks: collector.hooks,
    maxRetries,
  });

  const registry = createRegistry(connectors.map((c) => c.connector));
  const setupOf = (id: string) => setups.find((setup) => setup.id === id)!;
  const get = (id: string): PlaygroundConnector => {
    registry.get(id); // unknown_connector, listing the registered ids
    return connectors.find((c) => c.id === id)!;
  };

  async function cancel(id: string, request: CancelRequest): Promise<CallOutcome> {
    const entry = get(id);
    const times = request.faultTimes === 'once' ? 1 : maxRetries + 1;
    if (request.fault) {
      if (!entry.simulator)
        throw new PlaygroundInputError(
          `Faults can only be injected into a simulator; ${id} talks to its sandbox.`,
        );
      if (!entry.faults.includes(request.fault)) {
        throw new PlaygroundInputError(
          `${id} does not offer the fault "${request.fault}"; choose one of ${entry.faults.join(', ')}.`,
        );
      }
      entry.simulator.faults.clear();
      entry.simulator.faults.inject(faultFor(request.fault, timeoutMs), times);
    }
    const providerOptions = setupOf(id).providerOptions(request.options ?? {});
    const started = Date.now();
    log(
      `cancel ${id} ${request.paymentId}${request.fault ? ` with fault ${request.fault} ×${times}` : ''}`,
    );
    const { events, value, error } = await collector.collect(() =>
      registry.cancelPayment(id, {
        paymentId: request.paymentId,
        ...(request.requestId ? { requestId: request.requestId } : {}),
        ...(Object.keys(providerOptions).length
          ? { providerOptions: { [id]: providerOptions } }
          : {}),
      }),
    );
    // What the fault actually hit: a fault that is not retried hits one request whatever was asked.
    const faultsLeft = entry.simulator?.faults.pending ?? 0;
    // A fault the call did not use up must not hit the next one.
    entry.simulator?.faults.clear();
    const base = {
      connector: id,
      mode: entry.mode,
      paymentId: request.paymentId,
      durationMs: Date.now() - started,
      events,
      ...(request.fault ? { fault: { name: request.fault, times, hits: times - faultsLeft } } : {}),
    };
    if (value) {
      log(`cancel ${id} ${request.paymentId}: ${value.status} (${value.providerStatus})`);
      return {
        ...base,
        ok: true,
        result: redactor.redact(value),
        ...(value.amount ? { amountText: moneyText(value.amount) } : {}),
      };
    }
    const view = errorView(error, redactor);
    log(
      `cancel ${id} ${request.paymentId}: ${view.code}${view.providerCode ? ` (${view.providerCode})` : ''}`,
    );
    return { ...base, ok: false, error: view };
  }

  return {
    registry,
    connectors,
    get,
    listPayments: (id) => get(id).simulator?.listPayments(),
    cancel,
    providerOptions: (id, values) => setupOf(get(id).id).providerOptions(values),
    redactor,
    secrets,
    async close() {
      await Promise.all(connectors.map((c) => c.simulator?.close()));
    },
  };
}

export { FAULT_NAMES };
