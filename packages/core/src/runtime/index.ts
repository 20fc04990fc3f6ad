export { type AssembledConnector, assembleConnector } from './assemble-connector.js';
export {
  type CommonSettings,
  type ConnectorRuntime,
  type ConnectorRuntimeOptions,
  commonSettingsSchema,
  createConnectorRuntime,
  type ResponseParseContext,
  type RuntimeAnswerSpec,
} from './connector-runtime.js';
export { providerOptionsFor } from './provider-options.js';
