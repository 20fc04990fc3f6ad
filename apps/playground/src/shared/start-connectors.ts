import type { Connector } from '@paykit/core';
import type { DemoSecrets } from './demo-secrets.js';
import type { FaultName } from './faults.js';
import type { ModeChoice } from './sandbox-env.js';
import type {
  ConnectorOption,
  ConnectorSetup,
  PlaygroundSettings,
  ReferenceTable,
  SimulatorHandle,
} from './types.js';

export interface PlaygroundConnector {
  id: string;
  displayName: string;
  mode: 'simulator' | 'sandbox';
  /** Why a partial sandbox configuration was ignored. */
  notice?: string;
  options: readonly ConnectorOption[];
  faults: readonly FaultName[];
  referenceTables: readonly ReferenceTable[];
  connector: Connector;
  simulator?: SimulatorHandle;
}

/** Makes each connector, in sandbox mode or against its own simulator, started on 127.0.0.1. */
export async function startConnectors(
  choices: readonly { setup: ConnectorSetup; choice: ModeChoice }[],
  demoSecrets: DemoSecrets,
  simulatorSettings: PlaygroundSettings,
  sandboxSettings: PlaygroundSettings,
): Promise<PlaygroundConnector[]> {
  const connectors: PlaygroundConnector[] = [];
  try {
    for (const { setup, choice } of choices) {
      const common = {
        id: setup.id,
        options: setup.options,
        referenceTables: setup.referenceTables ?? [],
      };
      if (choice.mode === 'sandbox' && setup.connectSandbox) {
        const connector = setup.connectSandbox(choice.values, sandboxSettings);
        connectors.push({
          ...common,
          displayName: connector.displayName,
          mode: 'sandbox',
          faults: [],
          connector,
        });
        continue;
      }
      const { connector, simulator } = await setup.startSimulator(
        demoSecrets[setup.id]!,
        simulatorSettings,
      );
      connectors.push({
        ...common,
        displayName: connector.displayName,
        mode: 'simulator',
        faults: setup.faults,
        connector,
        simulator,
        ...(choice.mode === 'simulator' && choice.notice ? { notice: choice.notice } : {}),
      });
    }
  } catch (error) {
    // Whatever started is stopped again: a failed start leaves no server behind.
    await Promise.all(connectors.map((c) => c.simulator?.close()));
    throw error;
  }
  return connectors;
}
