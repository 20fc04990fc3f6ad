import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ALL_SETUPS } from '../shared/connectors/index.js';
import {
  DEMO_SECRETS_VARIABLE,
  type DemoSecrets,
  demoSecretsFromEnv,
  generateDemoSecrets,
} from '../shared/demo-secrets.js';

/** Where the CLI keeps its throwaway simulator credentials between runs; unset: none kept. */
export function demoSecretsCachePath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.PLAYGROUND_NO_CACHE) return undefined;
  const base =
    env.PLAYGROUND_CACHE_DIR ??
    join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'paykit-playground');
  return join(base, 'demo-secrets.json');
}

function read(path: string): DemoSecrets {
  try {
    return demoSecretsFromEnv({ [DEMO_SECRETS_VARIABLE]: readFileSync(path, 'utf8') }) ?? {};
  } catch {
    return {}; // absent or unreadable: made again
  }
}

/**
 * The simulators' throwaway credentials, kept in a file of the user's (mode 0600) so that a run
 * does not make them again: PayerMax's two RSA keys take most of a run's start-up. They open
 * nothing but the simulators a run starts on 127.0.0.1 and stops at its end.
 */
export async function cachedDemoSecrets(env: NodeJS.ProcessEnv): Promise<DemoSecrets | undefined> {
  const path = demoSecretsCachePath(env);
  if (!path) return undefined;
  const cached = read(path);
  const missing = ALL_SETUPS.filter((setup) => !cached[setup.id]);
  if (missing.length === 0) return cached;
  const secrets = { ...cached, ...(await generateDemoSecrets(missing)) };
  try {
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify(secrets), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  } catch {
    // A read-only home: the run goes on with the credentials it made.
  }
  return secrets;
}
