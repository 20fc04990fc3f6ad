import { PaykitError } from '../errors/index.js';
import { type FlowTracing, TRACED_FLOWS, traceFlow } from '../tracing/trace-flows.js';
import type { PaykitTracer } from '../tracing/tracer.js';
import type { Capability, Connector } from './connector.js';

/** What `defineConnector` takes from the connector's runtime: its tracer, if one was set. */
export interface DefineConnectorRuntime {
  tracer?: PaykitTracer | undefined;
  redactor?: FlowTracing['redactor'];
}

const ID_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;

/**
 * Types a connector and checks, once at construction, that it declares what it implements:
 * a capability without its method is an author's mistake, found here rather than at a merchant's
 * first call. Given the connector's runtime (`createConnectorRuntime`), its provider calls get an
 * OpenTelemetry span each when the settings named a `tracer`; without one they are untouched.
 */
export function defineConnector<T extends Omit<Connector, 'specificationVersion'>>(
  connector: T,
  runtime?: DefineConnectorRuntime,
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
  const defined = {
    ...connector,
    id: connector.id,
    displayName: connector.displayName,
    capabilities: connector.capabilities,
    ...inherited,
    specificationVersion: 'v1' as const,
  };
  if (runtime?.tracer)
    traceProviderCalls(defined, { tracer: runtime.tracer, redactor: runtime.redactor });
  return Object.freeze(defined);
}

function traceProviderCalls(
  connector: Record<string, unknown> & { id: string },
  tracing: FlowTracing,
) {
  for (const flow of TRACED_FLOWS) {
    const method = connector[flow];
    if (typeof method !== 'function') continue;
    connector[flow] = traceFlow(
      connector.id,
      flow,
      method as (input: unknown) => Promise<unknown>,
      tracing,
    );
  }
}
