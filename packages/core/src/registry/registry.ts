import { PaykitError } from '../errors/index.js';
import type { CancelPaymentInput, CancelPaymentResult, Connector } from '../spec/index.js';

export interface Registry {
  register(connector: Connector): Registry;
  get(id: string): Connector;
  has(id: string): boolean;
  list(): Connector[];
  cancelPayment(id: string, input: CancelPaymentInput): Promise<CancelPaymentResult>;
}

export function createRegistry(connectors: readonly Connector[] = []): Registry {
  const byId = new Map<string, Connector>();

  const registry: Registry = {
    register(connector) {
      if (connector?.specificationVersion !== 'v1' || typeof connector.id !== 'string') {
        throw new PaykitError({
          code: 'configuration_error',
          message:
            'Only connectors of specification v1 can be registered; wrap yours in defineConnector().',
        });
      }
      if (byId.has(connector.id)) {
        throw new PaykitError({
          code: 'configuration_error',
          connector: connector.id,
          message: `A connector with id "${connector.id}" is registered already.`,
        });
      }
      byId.set(connector.id, connector);
      return registry;
    },
    get(id) {
      const connector = byId.get(id);
      if (!connector) {
        const known = [...byId.keys()].map((k) => `"${k}"`).join(', ') || 'none';
        throw new PaykitError({
          code: 'unknown_connector',
          message: `No connector "${String(id)}" is registered. Registered: ${known}.`,
        });
      }
      return connector;
    },
    has: (id) => byId.has(id),
    list: () => [...byId.values()],
    // Async so that an unknown id rejects rather than throws synchronously.
    async cancelPayment(id, input) {
      const connector = registry.get(id);
      return connector.cancelPayment(addressedTo(connector.id, input, byId));
    },
  };

  for (const connector of connectors) registry.register(connector);
  return registry;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) === '[object Object]'
  );
}

/**
 * The input as the one connector it goes to takes it. `providerOptions` may carry entries for
 * every registered connector; a key that names none is a misspelt id (ignored, it would run the
 * default), so it is `invalid_request`. The others' entries are dropped: a connector refuses keys
 * not its own. What is not a plain object is left for the connector to refuse.
 */
function addressedTo(
  id: string,
  input: CancelPaymentInput,
  registered: ReadonlyMap<string, Connector>,
): CancelPaymentInput {
  if (!isPlainObject(input) || !Object.hasOwn(input, 'providerOptions')) return input;
  const all = input.providerOptions;
  if (!isPlainObject(all)) return input;
  const keys = Object.keys(all);
  const unknown = keys.filter((key) => !registered.has(key));
  if (unknown.length > 0) {
    const known = [...registered.keys()].map((k) => `"${k}"`).join(', ');
    const named = unknown.map((key) => JSON.stringify(key.slice(0, 64))).join(', ');
    throw new PaykitError({
      code: 'invalid_request',
      connector: id,
      ...(typeof input.requestId === 'string' ? { requestId: input.requestId } : {}),
      message: `providerOptions ${named} names no registered connector. Registered: ${known}.`,
      issues: unknown.map((key) => `providerOptions.${key.slice(0, 64)}: no such connector`),
    });
  }
  if (keys.every((key) => key === id)) return input;
  const { providerOptions: _all, ...rest } = input;
  return Object.hasOwn(all, id)
    ? { ...rest, providerOptions: { [id]: all[id] as Record<string, unknown> } }
    : rest;
}
