import ky, { HTTPError } from 'ky';
import { PaykitError } from '../errors/index.js';
import type { Redactor } from '../redaction/index.js';
import type { PaykitTracer } from '../tracing/tracer.js';
import {
  isDeterministicFetchError,
  redirectError,
  tooLargeError,
  toPaykitError,
} from './http-errors.js';
import type { HttpHooks } from './http-hooks.js';
import { startAttemptTrace } from './http-trace.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRY_WAIT_MS } from './limits.js';
import { cancel, decodeText, readCapped } from './read-body.js';
import { bodyOf, rememberBody } from './response-text.js';
import { parseRetryAfter } from './retry-after.js';
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
  /**
   * The most bytes of one answer that are read, counted after gzip, deflate or br decoding while
   * the body streams; past it the call rejects `invalid_response`, not retried. Default 1 MiB.
   */
  maxResponseBytes?: number;
  /**
   * The most one call waits, in all, for the provider's `Retry-After` (429, 503). A wait longer
   * than what is left rejects at once (`rate_limited`, retryable, with `retryAfterMs`). Default
   * 10000.
   */
  maxRetryWaitMs?: number;
  /** An OpenTelemetry tracer: a `paykit.http` span per attempt. Absent: nothing is traced. */
  tracer?: PaykitTracer;
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
  /**
   * For an answer that issues secrets (a token endpoint's): the values in it to hide from now
   * on, added to the redactor before any hook sees the answer. Called for each answer read.
   */
  secretsIn?(answer: {
    status: number;
    headers: Headers;
    text: string;
  }): Iterable<string | undefined> | null | undefined;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  /** The body decoded as UTF-8 (a leading BOM dropped), as `Response.text()` gives it. */
  text: string;
  /**
   * The body's bytes as they came (after content decoding): what a provider signs. Always set by
   * the HTTP client; optional for results made by hand.
   */
  bytes?: Uint8Array;
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
const MAX_BACKOFF_MS = 10_000;
const ABSOLUTE = /^https?:\/\//i;

/** What one call knows across its attempts: how much of its wait budget is left. */
interface CallState {
  waitLeftMs: number;
  refusedWait?: { waitMs: number; leftMs: number };
}

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
 *
 * Reading it there is also where hostile answers stop: the body streams through a counting
 * reader (maxResponseBytes, decoded bytes), a redirect is refused unread (`redirect: 'manual'`,
 * which every fetch implements), and the secrets an answer issues are learnt before hooks see it.
 * ky's retry decision is ours where the provider's word or the runtime's is final: a
 * `Retry-After` longer than the call's wait budget, one that cannot be read (normal backoff,
 * not ky's maximum), and a TypeError that is the runtime refusing the request, not the network.
 */
export function createHttpClient(settings: HttpClientSettings): HttpClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const baseDelay = settings.retryBaseDelayMs ?? 250;
  const maxBytes = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxWait = settings.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  const { redactor, hooks, connector } = settings;
  // Each attempt's Response to its call, for the retry decision ky asks about it.
  const calls = new WeakMap<Response, CallState>();

  /** ky's question "retry this HTTP error?": undefined lets ky decide, true forces the backoff. */
  const retryAfterDecision = (response: Response): boolean | undefined => {
    if (response.status !== 429 && response.status !== 503) return undefined;
    const waitMs = parseRetryAfter(response.headers.get('retry-after'));
    // None, or one that cannot be read: the normal backoff (ky would wait its maximum).
    if (waitMs === undefined) return true;
    const call = calls.get(response);
    if (!call) return undefined;
    if (waitMs > call.waitLeftMs) {
      call.refusedWait = { waitMs, leftMs: call.waitLeftMs };
      return false;
    }
    call.waitLeftMs -= waitMs;
    return undefined;
  };
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
      // Never reached: a longer wait than the budget left is refused in shouldRetry.
      maxRetryAfter: maxWait,
      delay: (attempt) => baseDelay * 2 ** (attempt - 1),
      jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
      backoffLimit: MAX_BACKOFF_MS,
      shouldRetry: ({ error }) => {
        // A PaykitError raised in an attempt (a refresh that cannot sign, an answer too large,
        // a redirect) is final.
        if (PaykitError.isInstance(error)) return false;
        if (error instanceof HTTPError) return retryAfterDecision(error.response);
        if (isDeterministicFetchError(error)) return false;
        return undefined;
      },
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
    const call: CallState = { waitLeftMs: maxWait };
    const ids = { connector, ...(spec.requestId ? { requestId: spec.requestId } : {}) };
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
        // 'manual' rather than 'error', which some runtimes (workerd) do not implement: the
        // redirect comes back as an answer (opaque in browsers) and is refused here, unfollowed.
        // Its price on Node: undici clones a request (a tee of its body) for any mode but
        // 'error', as it does for fetch's default 'follow'; about 10% of a loopback POST.
        redirect: 'manual',
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        cancel(response.body);
        throw redirectError({ ...ids, response, redactor });
      }
      const bytes = await readCapped(response, maxBytes);
      if (!bytes) throw tooLargeError({ ...ids, status: response.status, maxBytes });
      const text = decodeText(bytes);
      rememberBody(response, { text, bytes });
      if (response.status === 429 || response.status === 503) calls.set(response, call);
      if (spec.secretsIn) learnSecrets(spec, response, text);
      notify(hooks?.onResponse, () => ({
        ...event(),
        status: response.status,
        headers: redactor.redactHeaders(response.headers),
        body: redactor.redactBody(text),
        durationMs: Date.now() - sentAt,
      }));
      return response;
    };

    // A span around each attempt, numbered like the hooks number it; only when a tracer is set.
    const { tracer } = settings;
    const traced =
      (tracer: PaykitTracer) =>
      (request: Request): Promise<Response> => {
        const trace = startAttemptTrace({
          tracer,
          redactor,
          connector,
          method: spec.method,
          url,
          attempt: attempts + 1,
          ...(spec.requestId ? { requestId: spec.requestId } : {}),
          callerAborted: () => spec.signal?.aborted === true,
        });
        return attempt(request).then(
          (response) => {
            trace.answered(response.status);
            return response;
          },
          (error: unknown) => {
            trace.failed(error);
            throw error;
          },
        );
      };

    try {
      const response = await client(url, {
        method: spec.method,
        fetch: (tracer ? traced(tracer) : attempt) as typeof globalThis.fetch,
        ...(spec.signal ? { signal: spec.signal } : {}),
      });
      const { text, bytes } = bodyOf(response);
      return { status: response.status, headers: response.headers, text, bytes, attempts, url };
    } catch (error) {
      const paykitError = await toPaykitError(error, {
        connector,
        attempts,
        url,
        timeoutMs: settings.timeoutMs,
        redactor,
        abortedByCaller: spec.signal?.aborted === true,
        ...(call.refusedWait ? { refusedWait: call.refusedWait } : {}),
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

  /** The secrets an answer issues, hidden before any hook or message can show them. */
  function learnSecrets(spec: HttpRequest, response: Response, text: string): void {
    try {
      const found = spec.secretsIn!({ status: response.status, headers: response.headers, text });
      for (const secret of found ?? []) redactor.addSecret(secret);
    } catch {
      // An answer the callback cannot read issues nothing; reading it is the connector's job.
    }
  }

  return { request, redactor };
}
