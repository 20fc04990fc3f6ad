import ky, { type Options as KyOptions } from 'ky';
import type { Redactor } from '../redaction/index.js';
import { toPaykitError } from './http-errors.js';
import type { HttpHooks } from './http-hooks.js';
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

/** Calls an observer; one that throws must not change the traffic it observes. */
function notify<E>(hook: ((event: E) => void) | undefined, event: () => E): void {
  if (!hook) return;
  try {
    hook(event());
  } catch {
    // An observer's failure is its own.
  }
}

export function createHttpClient(settings: HttpClientSettings): HttpClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const baseDelay = settings.retryBaseDelayMs ?? 250;
  const { redactor, hooks, connector } = settings;
  const agent = userAgent(connector, settings.connectorVersion);

  const client = ky.create({
    timeout: settings.timeoutMs,
    // A redirect would carry credential headers (x-api-key, sign) to wherever it points.
    redirect: 'error',
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
    },
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });

  async function request(spec: HttpRequest): Promise<HttpResult> {
    const url = /^https?:\/\//i.test(spec.url)
      ? spec.url
      : `${base}${spec.url.startsWith('/') ? '' : '/'}${spec.url}`;
    let prepared = spec.body;
    let preparedAt = Date.now();
    let attempts = 0;
    let sentAt = 0;
    const headersFor = (body?: PreparedBody): Record<string, string> => ({
      accept: 'application/json',
      'user-agent': agent,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...spec.headers,
      ...body?.headers,
    });
    const event = () => ({
      connector,
      attempt: attempts,
      method: spec.method,
      url: redactor.redactString(url),
      ...(spec.requestId ? { requestId: spec.requestId } : {}),
    });

    const options: KyOptions = {
      method: spec.method,
      headers: headersFor(prepared),
      ...(prepared ? { body: prepared.body } : {}),
      ...(spec.signal ? { signal: spec.signal } : {}),
      hooks: {
        beforeRequest: [
          (req) => {
            attempts++;
            sentAt = Date.now();
            notify(hooks?.onRequest, () => ({
              ...event(),
              headers: redactor.redactHeaders(req.headers),
              ...(prepared ? { body: redactor.redactBody(prepared.body) } : {}),
              ...(prepared?.signing ? { signing: redactor.redact(prepared.signing) } : {}),
            }));
          },
        ],
        beforeRetry: [
          async ({ request: req }) => {
            if (!spec.refresh || Date.now() - preparedAt <= spec.refresh.maxAgeMs) return;
            prepared = await spec.refresh.prepare();
            preparedAt = Date.now();
            return new Request(req.url, {
              method: spec.method,
              headers: headersFor(prepared),
              body: prepared.body,
              signal: req.signal,
            });
          },
        ],
        ...(hooks?.onResponse
          ? {
              afterResponse: [
                async (_req, _opts, res) => {
                  const body = await res.text().catch(() => '');
                  notify(hooks.onResponse, () => ({
                    ...event(),
                    status: res.status,
                    headers: redactor.redactHeaders(res.headers),
                    body: redactor.redactBody(body),
                    durationMs: Date.now() - sentAt,
                  }));
                },
              ],
            }
          : {}),
      },
    };

    try {
      const response = await client(url, options);
      const text = await response.text();
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
