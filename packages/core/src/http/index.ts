export {
  createHttpClient,
  type HttpClient,
  type HttpClientSettings,
  type HttpRequest,
  type HttpResult,
  type PreparedBody,
} from './http-client.js';
export { abortedByCallerError } from './http-errors.js';
export type {
  HttpErrorEvent,
  HttpHooks,
  HttpRequestEvent,
  HttpResponseEvent,
} from './http-hooks.js';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRY_WAIT_MS } from './limits.js';
export { parseJsonOrUndefined, readJson } from './read-json.js';
export { coreVersion, userAgent } from './user-agent.js';
