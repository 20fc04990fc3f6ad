export {
  createSharedTokenSource,
  type SharedTokenSource,
  type SharedTokenSourceOptions,
} from './shared-token-source.js';
export { openToken, sealToken } from './token-seal.js';
export {
  createMemoryTokenStore,
  type IssuedToken,
  type TokenStore,
  type TokenStoreLock,
} from './token-store.js';
