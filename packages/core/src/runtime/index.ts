export {
  type CommonSettings,
  type ConnectorRuntime,
  type ConnectorRuntimeOptions,
  commonSettingsSchema,
  createConnectorRuntime,
} from './connector-runtime.js';
export { providerOptionsFor } from './provider-options.js';
