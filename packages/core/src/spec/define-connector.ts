import { PaykitError } from '../errors/index.js';
import type { Capability, Connector } from './connector.js';

const ID_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;

/**
 * Types a connector and checks, once at construction, that it declares what it implements:
 * a capability without its method is an author's mistake, found here rather than at a merchant's
 * first call.
 */
export function defineConnector<T extends Omit<Connector, 'specificationVersion'>>(
  connector: T,
): T & { readonly specificationVersion: 'v1' } {
  if (typeof connector.id !== 'string' || !ID_PATTERN.test(connector.id)) {
    throw new PaykitError({
      code: 'configuration_error',
      message: `Connector id "${String(connector.id)}" must be lowercase letters, digits and dashes (2-64 characters).`,
    });
  }
  const methods: Record<Capability, unknown> = {
    cancelPayment: connector.cancelPayment,
    getPayment: connector.getPayment,
    verifyWebhook: connector.verifyWebhook,
  };
  for (const capability of connector.capabilities) {
    if (typeof methods[capability] !== 'function') {
      throw new PaykitError({
        code: 'configuration_error',
        connector: connector.id,
        message: `Connector "${connector.id}" declares "${capability}" but does not implement it.`,
      });
    }
  }
  // A class instance keeps its methods and getters on the prototype, which a spread drops: copy
  // them, bound to the instance so that its private fields keep working.
  const inherited: Partial<Record<Capability, unknown>> = {};
  for (const [name, method] of Object.entries(methods)) {
    if (typeof method === 'function' && !Object.hasOwn(connector, name)) {
      inherited[name as Capability] = method.bind(connector);
    }
  }
  return Object.freeze({
    ...connector,
    id: connector.id,
    displayName: connector.displayName,
    capabilities: connector.capabilities,
    ...inherited,
    specificationVersion: 'v1' as const,
  });
}
