import { PaykitError } from '../errors/index.js';
import type { Redactor } from '../redaction/index.js';
import type { PaykitTracer } from '../tracing/tracer.js';
import { pause, underDeadline } from './deadline.js';
import { redirectError, tooLargeError, toPaykitError } from './http-errors.js';
import type { HttpHooks } from './http-hooks.js';
import { startAttemptTrace } from './http-trace.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRY_WAIT_MS } from './limits.js';
import { cancel, decodeText, readCapped } from './read-body.js';
import {
  type AttemptFailure,
  type RetryBudget,
  type RetryPolicy,
  retryDelay,
} from './retry-policy.js';
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

/** One attempt's answer, its body read whole within the attempt's deadline. */
interface Answer {
  response: Response;
  text: string;
  bytes: Uint8Array;
}

/*
 * Each call is a loop of attempts: fetch gets the URL, the headers and the body string itself
 * (no Request objects, no clones: on Node those cost a third of a loopback round trip, which is
 * why the loop is core's and not ky's; docs/performance.md), each under its own deadline that
 * also covers reading the body, so that a body that stalls times out. retry-policy.ts decides
 * what is asked again and after how long.
 *
 * Reading the body inside the attempt is also where hostile answers stop: it streams through a
 * counting reader (maxResponseBytes, decoded bytes), a redirect is refused unread
 * (`redirect: 'manual'`, which every fetch implements), and the secrets an answer issues are
 * learnt before hooks see it.
 */
export function createHttpClient(settings: HttpClientSettings): HttpClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const maxBytes = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxWait = settings.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  const policy: RetryPolicy = {
    maxRetries: settings.maxRetries,
    baseDelayMs: settings.retryBaseDelayMs ?? 250,
  };
  const { redactor, hooks, connector, timeoutMs, tracer } = settings;
  const agent = userAgent(connector, settings.connectorVersion);
  // Looked up per call, so that a fetch replaced later is honoured.
  const send = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));

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
    const budget: RetryBudget = { waitLeftMs: maxWait };
    const ids = spec.requestId ? { connector, requestId: spec.requestId } : { connector };
    const event = () => ({
      connector,
      attempt: attempts,
      method: spec.method,
      url: redactor.redactString(url),
      ...(spec.requestId ? { requestId: spec.requestId } : {}),
    });

    const attempt = async (signal: AbortSignal): Promise<Answer> => {
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
        redirect: 'manual',
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        cancel(response.body);
        throw redirectError({ ...ids, response, redactor });
      }
      const bytes = await readCapped(response, maxBytes);
      if (!bytes) throw tooLargeError({ ...ids, status: response.status, maxBytes });
      const text = decodeText(bytes);
      if (spec.secretsIn) learnSecrets(spec, response, text);
      notify(hooks?.onResponse, () => ({
        ...event(),
        status: response.status,
        headers: redactor.redactHeaders(response.headers),
        body: redactor.redactBody(text),
        durationMs: Date.now() - sentAt,
      }));
      return { response, text, bytes };
    };

    // A span around each attempt, numbered like the hooks number it; only when a tracer is set.
    const run = tracer
      ? async (signal: AbortSignal): Promise<Answer> => {
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
          try {
            const answer = await attempt(signal);
            trace.answered(answer.response.status);
            return answer;
          } catch (error) {
            trace.failed(error);
            throw error;
          }
        }
      : attempt;

    let failure: AttemptFailure;
    for (let retry = 1; ; retry++) {
      try {
        const answer = await underDeadline(run, timeoutMs, spec.signal);
        const { response, text, bytes } = answer;
        if (response.status !== 429 && response.status < 500) {
          return { status: response.status, headers: response.headers, text, bytes, attempts, url };
        }
        failure = { kind: 'status', status: response.status, headers: response.headers, text };
      } catch (error) {
        failure = { kind: 'thrown', error };
      }
      if (spec.signal?.aborted) break;
      const waitMs = retryDelay(failure, retry, policy, budget);
      if (waitMs === undefined) break;
      try {
        await pause(waitMs, spec.signal);
      } catch {
        break;
      }
    }

    const paykitError = toPaykitError(failure, {
      connector,
      attempts,
      url,
      timeoutMs,
      redactor,
      abortedByCaller: spec.signal?.aborted === true,
      ...(budget.refusedWait ? { refusedWait: budget.refusedWait } : {}),
      ...(spec.requestId ? { requestId: spec.requestId } : {}),
    });
    notify(hooks?.onError, () => ({
      ...event(),
      code: paykitError.code,
      message: paykitError.message,
    }));
    throw paykitError;
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
