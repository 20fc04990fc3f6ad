export {
  type CommonSettings,
  type ConnectorRuntime,
  type ConnectorRuntimeOptions,
  commonSettingsSchema,
  createConnectorRuntime,
  type ResponseParseContext,
} from './connector-runtime.js';
export { providerOptionsFor } from './provider-options.js';
