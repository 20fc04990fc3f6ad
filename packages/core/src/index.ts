// `@paykit/core`: what a merchant uses (the registry, the contract's types, errors and codes,
// money, the settings every connector takes). Connector authors build with
// `@paykit/core/connector`; simulators and the conformance suite are `@paykit/core/testing`.
export * from './errors/index.js';
export type {
  HttpErrorEvent,
  HttpHooks,
  HttpRequestEvent,
  HttpResponseEvent,
} from './http/index.js';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRY_WAIT_MS } from './http/index.js';
export * from './money/index.js';
export * from './registry/index.js';
export type { CommonSettings } from './runtime/index.js';
export * from './spec/index.js';
// A merchant may share Liquido's tokens through a store, and trace calls with a tracer.
export {
  createMemoryTokenStore,
  type IssuedToken,
  type TokenStore,
  type TokenStoreLock,
} from './token/index.js';
export type * from './tracing/index.js';
export { VERSION } from './version.js';
