// What the release scripts need to know about the workspace: where it is and what it publishes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every package under packages/ that is published (not private), core first. */
export function publishablePackages(root = ROOT) {
  const dir = join(root, 'packages');
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const manifestPath = join(dir, name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private) continue;
    found.push({ dir: `packages/${name}`, path: join(dir, name), name: manifest.name, manifest });
  }
  return found.sort(
    (a, b) => Number(b.name === '@paykit/core') - Number(a.name === '@paykit/core'),
  );
}

/** The published connector packages: those the connector manifest (tooling/connectors) lists. */
export function connectorPackages(root = ROOT) {
  const manifest = JSON.parse(readFileSync(join(root, 'tooling/connectors/package.json'), 'utf8'));
  const listed = new Set(Object.keys(manifest.dependencies ?? {}));
  return publishablePackages(root).filter((p) => p.name !== '@paykit/core' && listed.has(p.name));
}

/** Environment for npm and pnpm children without the npm_* variables a `pnpm run` sets (a registry set in the environment stays). */
export function cleanEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm|pnpm)_/i.test(key) || key.toLowerCase() === 'npm_config_registry',
    ),
  );
  return { ...env, ...extra };
}
