import { PaykitError } from '../errors/index.js';
import { addressedTo } from '../runtime/provider-options.js';
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
