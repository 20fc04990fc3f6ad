import type { ConnectorSetup } from './types.js';

export type ModeChoice =
  | { mode: 'sandbox'; values: Record<string, string> }
  | { mode: 'simulator'; notice?: string };

/**
 * Sandbox mode when every required variable of the connector is set; a partial set is most
 * likely a typo, so it is reported rather than ignored, and the simulator is used.
 */
export function chooseMode(
  setup: ConnectorSetup,
  env: Record<string, string | undefined>,
): ModeChoice {
  if (!setup.connectSandbox || setup.env.length === 0) return { mode: 'simulator' };
  const values: Record<string, string> = {};
  for (const variable of setup.env) {
    const value = env[variable.name]?.trim();
    if (value) values[variable.name] = value;
  }
  const required = setup.env
    .filter((variable) => variable.required)
    .map((variable) => variable.name);
  const missing = required.filter((name) => !(name in values));
  if (missing.length === 0) return { mode: 'sandbox', values };
  if (Object.keys(values).length === 0) return { mode: 'simulator' };
  return {
    mode: 'simulator',
    notice: `Sandbox mode needs ${required.join(', ')}; ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set, so the simulator is used.`,
  };
}

/** The secret values among the sandbox variables, for redaction. */
export function sandboxSecretValues(
  setup: ConnectorSetup,
  values: Record<string, string>,
): string[] {
  return setup.env
    .filter((variable) => variable.secret && values[variable.name])
    .map((variable) => values[variable.name]!);
}
