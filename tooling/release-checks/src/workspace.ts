import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The paykit workspace root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface WorkspacePackage {
  /** 'packages/connector-yabandpay' */
  dir: string;
  path: string;
  name: string;
  manifest: PackageManifest;
}

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  type?: string;
  sideEffects?: boolean;
  engines?: Record<string, string>;
  repository?: { type?: string; url?: string; directory?: string };
  exports?: Record<string, unknown>;
  main?: string;
  types?: string;
  files?: string[];
  scripts?: Record<string, string>;
  publishConfig?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A binary of the workspace root's node_modules (tsc, tsup, vitest, changeset, biome, ...). */
export function bin(name: string): string {
  return join(ROOT, 'node_modules/.bin', name);
}

/** Every package of a workspace group ('packages', 'apps', 'tooling'), sorted by folder. */
export function workspacePackages(group = 'packages', root = ROOT): WorkspacePackage[] {
  const dir = join(root, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .map((name) => ({
      dir: `${group}/${name}`,
      path: join(dir, name),
      name: readJson<PackageManifest>(join(dir, name, 'package.json')).name,
      manifest: readJson<PackageManifest>(join(dir, name, 'package.json')),
    }));
}

/** The packages under packages/ that are published. */
export function publishablePackages(): WorkspacePackage[] {
  return workspacePackages('packages').filter((p) => !p.manifest.private);
}

/** The connector manifest (`@paykit/connectors`): the one list of connectors, kits and packages. */
export const CONNECTOR_MANIFEST = 'tooling/connectors';

/**
 * The connector packages the manifest lists (its dependencies, core aside), found in the
 * workspace: the published connectors under packages/ and the private examples under examples/.
 * `pnpm new-connector` adds the dependency; this is the list the release checks iterate.
 */
export function manifestPackages(root = ROOT): WorkspacePackage[] {
  const manifest = readJson<PackageManifest>(join(root, CONNECTOR_MANIFEST, 'package.json'));
  const workspace = [
    ...workspacePackages('packages', root),
    ...workspacePackages('examples', root),
  ];
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => name !== '@paykit/core')
    .map((name) => {
      const found = workspace.find((p) => p.name === name);
      if (!found)
        throw new Error(`${CONNECTOR_MANIFEST} lists ${name}, which is no workspace package`);
      return found;
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The published connector packages: the manifest's, without the private examples. */
export function connectorPackages(root = ROOT): WorkspacePackage[] {
  return manifestPackages(root).filter((p) => !p.manifest.private);
}

/** The environment without the npm_* / pnpm_* variables a `pnpm run` leaves for its children (a registry set in the environment stays). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm|pnpm)_/i.test(key) || key.toLowerCase() === 'npm_config_registry',
    ),
  );
  return { ...env, ...extra };
}

const created: string[] = [];

/** A fresh directory under the OS temp dir, removed by removeTempDirs(). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `paykit-${prefix}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
