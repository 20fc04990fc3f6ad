export type * from './connector.js';
export { defineConnector } from './define-connector.js';
