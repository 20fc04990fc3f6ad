import { PaykitError } from '../errors/index.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) === '[object Object]'
  );
}

function refuse(connector: string, path: string, requestId?: string): never {
  throw new PaykitError({
    code: 'invalid_request',
    connector,
    ...(requestId ? { requestId } : {}),
    message: `Invalid ${connector} input: ${path} must be a plain object.`,
    issues: [`${path}: must be a plain object`],
  });
}

function refuseForeign(connector: string, keys: string[], requestId?: string): never {
  const named = keys.map((key) => JSON.stringify(key.slice(0, 64))).join(', ');
  throw new PaykitError({
    code: 'invalid_request',
    connector,
    ...(requestId ? { requestId } : {}),
    message: `Invalid ${connector} input: providerOptions may hold only "${connector}", not ${named}.`,
    issues: keys.map((key) => `providerOptions.${key.slice(0, 64)}: not this connector's key`),
  });
}

/**
 * The options a caller addressed to one connector, as a fresh object of their own properties
 * only: an inherited `method` or `target` must never change what is sent. Absent is `{}`; a
 * `providerOptions` or entry that is not a plain object, or a key other than this connector's
 * (the registry hands each connector its own entry), is `invalid_request`, before any request.
 */
export function providerOptionsFor(
  input: { providerOptions?: unknown } | undefined,
  connector: string,
  requestId?: string,
): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || !Object.hasOwn(input, 'providerOptions')) {
    return {};
  }
  const all = input.providerOptions;
  if (all === undefined) return {};
  if (!isPlainObject(all)) refuse(connector, 'providerOptions', requestId);
  // A key for no one is a misspelt id: ignoring it would run the default (a reversal, say).
  const foreign = Object.keys(all).filter((key) => key !== connector);
  if (foreign.length > 0) refuseForeign(connector, foreign, requestId);
  if (!Object.hasOwn(all, connector) || all[connector] === undefined) return {};
  const own = all[connector];
  if (!isPlainObject(own)) refuse(connector, `providerOptions.${connector}`, requestId);
  return Object.fromEntries(Object.entries(own));
}
