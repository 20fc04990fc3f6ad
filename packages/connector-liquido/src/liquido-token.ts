import { PaykitError, type TokenStore } from '@paykit/core';
import {
  abortedByCallerError,
  createSharedTokenSource,
  type HttpClient,
  type HttpResult,
  parseJsonOrUndefined,
  parseResponse,
  type Redactor,
  readJson,
  secretFieldValues,
} from '@paykit/core/connector';
import * as v from 'valibot';
import { oauthErrorSchema, tokenAnswerSchema } from './liquido-api.js';

export interface TokenSourceOptions {
  http: HttpClient;
  redactor: Redactor;
  connector: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * Where the token is shared with other processes (a Redis store): one token request per
   * expiry window for all of them. Absent: this process's own cache.
   */
  store?: TokenStore;
  /** A secret every process sharing the store holds, which seals the token in it. */
  sealWith?: string;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

export interface TokenSource {
  /**
   * A usable access token: the cached one, the one being fetched, or a new one. `signal` is the
   * caller's: when it fires, this caller's wait ends at once, while the shared token request
   * goes on for the other callers (and the cache).
   */
  get(requestId?: string, signal?: AbortSignal): Promise<string>;
  /** Forgets `token` after the API refused it, unless a newer token has replaced it already. */
  invalidate(token: string): void;
}

// Renew a minute early (or a tenth of a short lifetime), so that no call goes out with a token
// that expires on the way.
const MAX_MARGIN_SECONDS = 60;
const MARGIN_FRACTION = 0.1;

/**
 * Liquido's OAuth2 client-credentials token, cached until shortly before it expires. Concurrent
 * callers share one token request: the in-flight promise is cached too, and cleared when it
 * settles, so that a failed request is tried again by the next call. Each caller gets its own
 * error from a shared failure (its own requestId), and leaves at once when its signal fires.
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { http, redactor, connector, authUrl } = options;
  const now = options.now ?? Date.now;
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  // encodeURIComponent rather than URLSearchParams: it is a valid form encoding too, and the
  // redactor hides the encodeURIComponent form of secrets, so the form body shows in hooks redacted.
  const form = [
    `client_id=${encodeURIComponent(options.clientId)}`,
    `client_secret=${encodeURIComponent(options.clientSecret)}`,
    'grant_type=client_credentials',
  ].join('&');

  /** One token request: the token, when it expires, and when to renew it (a margin before). */
  async function requestToken(
    requestId?: string,
  ): Promise<{ token: string; renewAt: number; expiresAt: number }> {
    const requestedAt = now();
    // No caller's signal: the request is shared, one caller giving up must not fail the others.
    const result = await http.request({
      method: 'POST',
      url: authUrl,
      body: { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      // The token (and any other secret the answer names) is hidden before any hook sees the
      // answer, wherever else the answer repeats it.
      secretsIn: ({ text }) => secretFieldValues(text),
      ...(requestId ? { requestId } : {}),
    });
    const context = { connector, ...(requestId ? { requestId } : {}) };
    if (result.status < 200 || result.status >= 300) throw refusal(result, requestId);
    const body = readJson(result, context);
    const token = (body as { access_token?: unknown } | null)?.access_token;
    // Hidden before anything else can quote it, a parse error included (also when the HTTP
    // layer could not read it out of the answer).
    if (typeof token === 'string') redactor.addSecret(token);
    // The connector's whole redactor: the answer may quote the client secret or the api key.
    const answer = parseResponse(tokenAnswerSchema, body, {
      ...context,
      what: 'Liquido token answer',
      redactor,
    });
    const margin = Math.min(MAX_MARGIN_SECONDS, answer.expires_in * MARGIN_FRACTION);
    return {
      token: answer.access_token,
      renewAt: requestedAt + (answer.expires_in - margin) * 1000,
      expiresAt: requestedAt + answer.expires_in * 1000,
    };
  }

  async function fetchToken(requestId?: string): Promise<string> {
    const { token, renewAt } = await requestToken(requestId);
    cached = { token, renewAt };
    return token;
  }

  const viaStore = options.store ? sharedThrough(options.store) : undefined;
  // The requestId of the caller whose get() started the shared fetch, for its token request.
  let sharedRequestId: string | undefined;

  function sharedThrough(store: TokenStore) {
    return createSharedTokenSource({
      store,
      // Names the account, never a secret: the client id at its token endpoint.
      key: `${connector}:${options.clientId}@${hostOf(authUrl)}`,
      sealWith: options.sealWith ?? options.clientSecret,
      now,
      async fetchToken() {
        const issued = await requestToken(sharedRequestId);
        // The lifetime left: the shared source renews with the same margin before its end.
        return { token: issued.token, ttlMs: issued.expiresAt - now() };
      },
    });
  }

  /**
   * The token through the store. One read by another process is hidden from now on, like one
   * this process fetched. A store that fails (Redis down) does not fail the call: this process
   * asks for its own token, as it would without a store.
   */
  async function fetchShared(
    source: NonNullable<typeof viaStore>,
    requestId?: string,
  ): Promise<string> {
    sharedRequestId = requestId;
    try {
      const token = await source.get();
      redactor.addSecret(token);
      return token;
    } catch (error) {
      if (PaykitError.isInstance(error)) throw error;
      return fetchToken(requestId);
    }
  }

  function refusal(result: HttpResult, requestId?: string): PaykitError {
    const parsed = v.safeParse(oauthErrorSchema, parseJsonOrUndefined(result.text));
    const error = parsed.success ? parsed.output : {};
    const providerCode = error.error;
    const detail = error.error_description ?? error.message ?? error.error;
    // Redacted, then cut: a provider's text may be long, and no piece of a secret may survive.
    const providerMessage = detail ? redactor.snippet(detail) : undefined;
    const refused = result.status === 400 || result.status === 401 || result.status === 403;
    return new PaykitError({
      code: refused ? 'authentication_failed' : 'provider_error',
      connector,
      httpStatus: result.status,
      ...(providerCode ? { providerCode: redactor.snippet(providerCode, 100) } : {}),
      ...(providerMessage ? { providerMessage } : {}),
      ...(requestId ? { requestId } : {}),
      message: refused
        ? `Liquido's token endpoint refused the client credentials (HTTP ${result.status}${providerMessage ? `: ${providerMessage}` : ''}); check clientId and clientSecret.`
        : `Liquido's token endpoint answered HTTP ${result.status}${providerMessage ? `: ${providerMessage}` : ''}.`,
    });
  }

  /** This caller's copy of a shared failure: its own object, with its own requestId. */
  function own(error: unknown, requestId: string | undefined): unknown {
    if (!PaykitError.isInstance(error)) return error;
    return new PaykitError({
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.connector !== undefined ? { connector: error.connector } : {}),
      ...(error.providerCode !== undefined ? { providerCode: error.providerCode } : {}),
      ...(error.providerMessage !== undefined ? { providerMessage: error.providerMessage } : {}),
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      ...(error.issues !== undefined ? { issues: [...error.issues] } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(requestId ? { requestId } : {}),
    });
  }

  const aborted = (requestId: string | undefined) => abortedByCallerError(connector, requestId);

  return {
    get(requestId, signal) {
      if (signal?.aborted) return Promise.reject(aborted(requestId));
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= (viaStore ? fetchShared(viaStore, requestId) : fetchToken(requestId)).finally(
        () => {
          inFlight = undefined;
        },
      );
      const shared = inFlight;
      return new Promise<string>((resolve, reject) => {
        const onAbort = () => reject(aborted(requestId));
        signal?.addEventListener('abort', onAbort, { once: true });
        shared.then(
          (token) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(token);
          },
          (error: unknown) => {
            signal?.removeEventListener('abort', onAbort);
            reject(own(error, requestId));
          },
        );
      });
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
      // The shared source forgets it at once; the store's delete may finish later.
      viaStore?.invalidate(token).catch(() => undefined);
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
