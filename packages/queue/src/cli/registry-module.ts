import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PaykitError, type Registry } from '@paykit/core';
import type { PolicyOptions } from '../policy.js';

/**
 * What a registry module gives the CLI: its default export (or `registry` export) is a registry,
 * a setup, or a function (async or not) returning either. A setup may add queue policies per
 * connector and a `close` run when the command ends (to stop simulators, say).
 */
export interface RegistrySetup extends PolicyOptions {
  registry: Registry;
  close?(): void | Promise<void>;
}

export type RegistryModuleExport =
  | Registry
  | RegistrySetup
  | (() => Registry | RegistrySetup | Promise<Registry | RegistrySetup>);

function isRegistry(value: unknown): value is Registry {
  const r = value as Partial<Registry> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.get === 'function' &&
    typeof r.list === 'function'
  );
}

/** Loads a registry module given by path (relative to `cwd`) or package name. */
export async function loadRegistryModule(specifier: string, cwd: string): Promise<RegistrySetup> {
  const url =
    specifier.startsWith('.') || isAbsolute(specifier)
      ? pathToFileURL(resolve(cwd, specifier)).href
      : specifier;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new PaykitError({
      code: 'configuration_error',
      message: `Could not load the registry module "${specifier}": ${(error as Error)?.message ?? error}`,
    });
  }
  let value = (module.default ?? module.registry) as unknown;
  if (typeof value === 'function') value = await (value as () => unknown)();
  if (isRegistry(value)) return { registry: value };
  if (
    typeof value === 'object' &&
    value !== null &&
    isRegistry((value as RegistrySetup).registry)
  ) {
    return value as RegistrySetup;
  }
  throw new PaykitError({
    code: 'configuration_error',
    message: `The registry module "${specifier}" must export (as default or "registry") a registry, { registry, connectors?, close? }, or a function returning one.`,
  });
}
