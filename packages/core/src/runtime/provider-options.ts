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

/** Keys a caller wrote, quoted and cut, for a message. */
const quoted = (keys: readonly string[]) =>
  keys.map((key) => JSON.stringify(key.slice(0, 64))).join(', ');

function refuseForeign(connector: string, keys: string[], requestId?: string): never {
  const named = quoted(keys);
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

/**
 * A registry's input as the one connector it goes to takes it. `providerOptions` may carry
 * entries for every registered connector; a key that names none is a misspelt id (ignored, it
 * would run the default), so it is `invalid_request`. The others' entries are dropped: a connector
 * refuses keys not its own. What is not a plain object is left for the connector to refuse.
 */
export function addressedTo<I extends { providerOptions?: unknown; requestId?: string }>(
  connector: string,
  input: I,
  registered: { has(id: string): boolean; keys(): Iterable<string> },
): I {
  if (!isPlainObject(input) || !Object.hasOwn(input, 'providerOptions')) return input;
  const all = input.providerOptions;
  if (!isPlainObject(all)) return input;
  const keys = Object.keys(all);
  const unknown = keys.filter((key) => !registered.has(key));
  if (unknown.length > 0) {
    const known = [...registered.keys()].map((k) => `"${k}"`).join(', ');
    throw new PaykitError({
      code: 'invalid_request',
      connector,
      ...(typeof input.requestId === 'string' ? { requestId: input.requestId } : {}),
      message: `providerOptions ${quoted(unknown)} names no registered connector. Registered: ${known}.`,
      issues: unknown.map((key) => `providerOptions.${key.slice(0, 64)}: no such connector`),
    });
  }
  if (keys.every((key) => key === connector)) return input;
  const { providerOptions: _all, ...rest } = input;
  return (
    Object.hasOwn(all, connector)
      ? { ...rest, providerOptions: { [connector]: all[connector] } }
      : rest
  ) as I;
}
