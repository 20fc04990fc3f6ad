// core's HTTP client as it was before the speed work (packages/core/src/http/http-client.ts as of
// commit 880c11f), kept here so that one benchmark run measures before and after side by side.
// Only the success path matters to the benchmark; its error mapping is reduced to one line.
import { type HttpHooks, PaykitError, VERSION } from '@paykit/core';
import type {
  HttpClient,
  HttpRequest,
  HttpResult,
  PreparedBody,
  Redactor,
} from '@paykit/core/connector';
import ky, { type Options as KyOptions } from 'ky';

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

/** What the old client took (core's HttpClientSettings then); core exports no client of its own. */
export interface LegacyHttpClientSettings {
  connector: string;
  connectorVersion: string;
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs: number;
  maxRetries: number;
  redactor: Redactor;
  hooks?: HttpHooks;
  retryBaseDelayMs?: number;
}

export function createLegacyHttpClient(settings: LegacyHttpClientSettings): HttpClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const baseDelay = settings.retryBaseDelayMs ?? 250;
  const { redactor, hooks, connector } = settings;
  const agent = `paykit/${VERSION} ${connector}/${settings.connectorVersion}`;

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
      // The benchmark only takes the success path; the error mapping is left out.
      const paykitError = new PaykitError({
        code: 'network_error',
        connector,
        message: String(error),
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
