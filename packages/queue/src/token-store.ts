// The token store and the shared token source live in @paykit/core's token handling, where
// connectors (Liquido's `tokenStore` setting) take them; re-exported here for the queue's users.
export {
  createMemoryTokenStore,
  type IssuedToken,
  type TokenStore,
  type TokenStoreLock,
} from '@paykit/core';
export {
  createSharedTokenSource,
  openToken,
  type SharedTokenSource,
  type SharedTokenSourceOptions,
  sealToken,
} from '@paykit/core/connector';
