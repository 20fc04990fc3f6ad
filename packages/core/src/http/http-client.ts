import ky from 'ky';
import { PaykitError } from '../errors/index.js';
import type { Redactor } from '../redaction/index.js';
import { toPaykitError } from './http-errors.js';
import type { HttpHooks } from './http-hooks.js';
import { rememberText, textOf } from './response-text.js';
import { userAgent } from './user-agent.js';

export interface HttpClientSettings {
  connector: string;
  connectorVersion: string;
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs: number;
  maxRetries: number;
  redactor: Redactor;
  hooks?: HttpHooks;
  /** The first retry's delay before jitter; doubles each retry. Tests set it low. */
  retryBaseDelayMs?: number;
}

/** A body ready to send, with the headers that belong to it (a signature over it). */
export interface PreparedBody {
  body: string;
  headers?: Record<string, string>;
  signing?: { stringToSign: string; signature: string };
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** A path below baseUrl, or an absolute URL (a token endpoint lives elsewhere). */
  url: string;
  headers?: Record<string, string>;
  body?: PreparedBody;
  /**
   * For signed bodies that go stale (a provider time window): a retry later than maxAgeMs
   * after the body was made gets a fresh body and signature, never the stale one.
   */
  refresh?: { maxAgeMs: number; prepare: () => Promise<PreparedBody> };
  signal?: AbortSignal;
  requestId?: string;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  attempts: number;
  url: string;
}

export interface HttpClient {
  /**
   * Sends with retries on network errors, 429 and 5xx. Resolves with any other answer, 4xx
   * included, for the connector to map; rejects only with PaykitError.
   */
  request(request: HttpRequest): Promise<HttpResult>;
  readonly redactor: Redactor;
}

const RETRY_STATUSES = [429, 500, 502, 503, 504];
const MAX_RETRY_AFTER_MS = 10_000;
const ABSOLUTE = /^https?:\/\//i;

/** Calls an observer; one that throws must not change the traffic it observes. */
function notify<E>(hook: ((event: E) => void) | undefined, event: () => E): void {
  if (!hook) return;
  try {
    hook(event());
  } catch {
    // An observer's failure is its own.
  }
}

/** The headers of one attempt, names lowercased so that a caller's header replaces a default. */
function headersOf(
  agent: string,
  own: Record<string, string> | undefined,
  body: PreparedBody | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': agent };
  if (body) headers['content-type'] = 'application/json';
  for (const source of [own, body?.headers]) {
    if (!source) continue;
    for (const name of Object.keys(source)) headers[name.toLowerCase()] = source[name]!;
  }
  return headers;
}

/*
 * ky runs the retries (backoff, jitter, Retry-After), the per-attempt timeout and the error
 * types. What it sends is done here, in the `fetch` ky calls for each attempt, for speed: ky
 * would put the body on a Request, clone that Request for a retry (a tee of the body stream),
 * and hand fetch a Request, which fetch wraps once more (a pipe through a TransformStream):
 * together about 40% of a loopback round trip. Here fetch gets the URL and the body string
 * itself, ky's Request stays bodyless, and each attempt's answer is read inside the attempt, so
 * that the timeout covers a body that stalls and hooks see it without cloning the Response.
 */
export function createHttpClient(settings: HttpClientSettings): HttpClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const baseDelay = settings.retryBaseDelayMs ?? 250;
  const { redactor, hooks, connector } = settings;
  const agent = userAgent(connector, settings.connectorVersion);
  // Looked up per call, like ky's own default, so that a fetch replaced later is honoured.
  const send = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const client = ky.create({
    timeout: settings.timeoutMs,
    throwHttpErrors: (status) => status === 429 || status >= 500,
    retry: {
      limit: settings.maxRetries,
      methods: ['get', 'post'],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      delay: (attempt) => baseDelay * 2 ** (attempt - 1),
      jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
      backoffLimit: MAX_RETRY_AFTER_MS,
      // A PaykitError raised while preparing an attempt (a refresh that cannot sign) is final.
      shouldRetry: ({ error }) => (PaykitError.isInstance(error) ? false : undefined),
    },
  });

  async function request(spec: HttpRequest): Promise<HttpResult> {
    if (spec.signal !== undefined && !(spec.signal instanceof AbortSignal)) {
      throw new PaykitError({
        code: 'invalid_request',
        connector,
        ...(spec.requestId ? { requestId: spec.requestId } : {}),
        message: `Invalid ${connector} request: signal must be an AbortSignal.`,
      });
    }
    const url = ABSOLUTE.test(spec.url)
      ? spec.url
      : `${base}${spec.url.startsWith('/') ? '' : '/'}${spec.url}`;
    let prepared = spec.body;
    let preparedAt = Date.now();
    let headers = headersOf(agent, spec.headers, prepared);
    let attempts = 0;
    const event = () => ({
      connector,
      attempt: attempts,
      method: spec.method,
      url: redactor.redactString(url),
      ...(spec.requestId ? { requestId: spec.requestId } : {}),
    });

    // One attempt, called by ky under its timeout; `signal` is ky's (timeout and caller's).
    const attempt = async ({ signal }: Request): Promise<Response> => {
      if (attempts > 0 && spec.refresh && Date.now() - preparedAt > spec.refresh.maxAgeMs) {
        prepared = await spec.refresh.prepare();
        preparedAt = Date.now();
        headers = headersOf(agent, spec.headers, prepared);
      }
      attempts++;
      const sentAt = Date.now();
      notify(hooks?.onRequest, () => ({
        ...event(),
        headers: redactor.redactHeaders(headers),
        ...(prepared ? { body: redactor.redactBody(prepared.body) } : {}),
        ...(prepared?.signing ? { signing: redactor.redact(prepared.signing) } : {}),
      }));
      const response = await send(url, {
        method: spec.method,
        headers,
        ...(prepared ? { body: prepared.body } : {}),
        signal,
        // A redirect would carry credential headers (x-api-key, sign) to wherever it points.
        redirect: 'error',
      });
      const text = await response.text();
      rememberText(response, text);
      notify(hooks?.onResponse, () => ({
        ...event(),
        status: response.status,
        headers: redactor.redactHeaders(response.headers),
        body: redactor.redactBody(text),
        durationMs: Date.now() - sentAt,
      }));
      return response;
    };

    try {
      const response = await client(url, {
        method: spec.method,
        fetch: attempt as typeof globalThis.fetch,
        ...(spec.signal ? { signal: spec.signal } : {}),
      });
      const text = await textOf(response);
      return { status: response.status, headers: response.headers, text, attempts, url };
    } catch (error) {
      const paykitError = await toPaykitError(error, {
        connector,
        attempts,
        url,
        timeoutMs: settings.timeoutMs,
        redactor,
        abortedByCaller: spec.signal?.aborted === true,
        ...(spec.requestId ? { requestId: spec.requestId } : {}),
      });
      notify(hooks?.onError, () => ({
        ...event(),
        code: paykitError.code,
        message: paykitError.message,
      }));
      throw paykitError;
    }
  }

  return { request, redactor };
}
