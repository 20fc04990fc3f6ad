import * as v from 'valibot';
import { PlaygroundInputError } from './input-error.js';
import type { ConnectorSetup } from './types.js';

/** Throwaway simulator credentials, by connector id. */
export type DemoSecrets = Record<string, Record<string, string>>;

const demoSecretsSchema = v.record(v.string(), v.record(v.string(), v.string()));

/** The environment variable that fixes the throwaway credentials (the tests use it to scan output for them). */
export const DEMO_SECRETS_VARIABLE = 'PLAYGROUND_DEMO_SECRETS';

export async function generateDemoSecrets(setups: readonly ConnectorSetup[]): Promise<DemoSecrets> {
  const entries = await Promise.all(
    setups.map(async (setup) => [setup.id, await setup.generateSecrets()] as const),
  );
  return Object.fromEntries(entries);
}

export function demoSecretsFromEnv(
  env: Record<string, string | undefined>,
): DemoSecrets | undefined {
  const text = env[DEMO_SECRETS_VARIABLE];
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlaygroundInputError(`${DEMO_SECRETS_VARIABLE} is not JSON.`);
  }
  const result = v.safeParse(demoSecretsSchema, value);
  if (!result.success)
    throw new PlaygroundInputError(
      `${DEMO_SECRETS_VARIABLE} must map connector ids to objects of strings.`,
    );
  return result.output;
}

/** Every secret value among the throwaway credentials. */
export function demoSecretValues(
  setups: readonly ConnectorSetup[],
  secrets: DemoSecrets,
): string[] {
  return setups.flatMap((setup) =>
    secrets[setup.id] ? setup.secretValues(secrets[setup.id]!) : [],
  );
}
