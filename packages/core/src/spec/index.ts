export type * from './connector.js';
export { type DefineConnectorRuntime, defineConnector } from './define-connector.js';
