import type { Connector } from '@paykit/core';
import type { AnyConnectorTestKit } from '@paykit/core/testing';
import { moneyText } from '../money.js';
import type { ConnectorSetup, PaymentRow, PlaygroundSettings } from '../types.js';

/** How to reach a provider's sandbox: the variables that hold the credentials, and the factory. */
export interface SandboxSetup {
  /** All required ones set = sandbox mode. */
  env: ConnectorSetup['env'];
  connect(env: Record<string, string>, settings: PlaygroundSettings): Connector;
}

/**
 * A connector's playground setup, from its test kit: its simulator with the demo payments, the
 * options, faults and tables the kit offers. The sandbox is the one part written by hand, for
 * the providers that have one.
 */
export function setupFromKit(kit: AnyConnectorTestKit, sandbox?: SandboxSetup): ConnectorSetup {
  return {
    id: kit.id,
    env: sandbox?.env ?? [],
    options: kit.options,
    faults: kit.faults,
    ...(kit.referenceTables ? { referenceTables: kit.referenceTables } : {}),
    providerOptions: (values) => kit.providerOptions(values),
    generateSecrets: async () => kit.generateCredentials(),
    // The kit knows which credentials are secret by the simulator they make.
    secretValues: (secrets) => kit.secrets(kit.createSimulator(secrets)),
    async startSimulator(secrets, settings) {
      const sim = kit.createSimulator(secrets, { demo: true });
      kit.seedDemo(sim);
      const served = await sim.listen();
      return {
        // Simulators that serve a token endpoint serve it on the same origin.
        connector: kit.createConnector(sim, { ...settings, baseUrl: served.url }),
        simulator: {
          url: served.url,
          faults: sim.faults,
          requests: sim.requests,
          close: served.close,
          listPayments: (): PaymentRow[] =>
            kit
              .listPayments(sim)
              .map((row) => (row.amount ? { ...row, amountText: moneyText(row.amount) } : row)),
        },
      };
    },
    ...(sandbox ? { connectSandbox: sandbox.connect } : {}),
  };
}
