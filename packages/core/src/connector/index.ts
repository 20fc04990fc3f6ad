// `@paykit/core/connector`: what a connector author builds with. A merchant needs none of it;
// the contract's types, errors and money stay on `@paykit/core`. The HTTP client itself is
// reached only through `createConnectorRuntime`.
export {
  type Answer,
  type AnswerSpec,
  type Refusal,
  type RefusalContext,
  readAnswer,
  refusalError,
} from '../answer/index.js';
export type { HttpClient, HttpRequest, HttpResult, PreparedBody } from '../http/index.js';
export { abortedByCallerError, parseJsonOrUndefined, readJson } from '../http/index.js';
export * from '../inputs/index.js';
export * from '../outcome/index.js';
export * from '../redaction/index.js';
export {
  type AssembledConnector,
  assembleConnector,
  type ConnectorRuntime,
  type ConnectorRuntimeOptions,
  commonSettingsSchema,
  createConnectorRuntime,
  providerOptionsFor,
  type ResponseParseContext,
  type RuntimeAnswerSpec,
} from '../runtime/index.js';
export * from '../signing/index.js';
export { defineConnector } from '../spec/index.js';
export {
  createSharedTokenSource,
  openToken,
  type SharedTokenSource,
  type SharedTokenSourceOptions,
  sealToken,
} from '../token/index.js';
export * from '../validation/index.js';
export * from '../webhook/index.js';
