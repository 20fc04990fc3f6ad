import { PaykitError } from '../errors/index.js';
import type { Redactor } from '../redaction/index.js';
import { AttemptTimeout } from './deadline.js';
import { parseRetryAfter } from './retry-after.js';
import type { AttemptFailure } from './retry-policy.js';

interface ErrorContext {
  connector: string;
  requestId?: string;
  attempts: number;
  url: string;
  timeoutMs: number;
  redactor: Redactor;
  /** The caller's signal fired: whatever its reason, the caller gave up. */
  abortedByCaller?: boolean;
  /** The provider asked for a longer wait than the call had left (maxRetryWaitMs): not retried. */
  refusedWait?: { waitMs: number; leftMs: number };
}

/** The caller gave up (its signal fired): not retryable, whatever the signal's reason. */
export function abortedByCallerError(connector: string, requestId?: string): PaykitError {
  return new PaykitError({
    code: 'network_error',
    retryable: false,
    connector,
    ...(requestId ? { requestId } : {}),
    message: `The request to ${connector} was aborted by the caller.`,
  });
}

/**
 * Turns the last attempt's failure into a PaykitError: a busy or failed answer, or what fetch
 * threw. The cause is not attached: it may hold the request, whose headers carry credentials.
 */
export function toPaykitError(failure: AttemptFailure, ctx: ErrorContext): PaykitError {
  const error = failure.kind === 'thrown' ? failure.error : undefined;
  if (PaykitError.isInstance(error)) return error;
  const base = {
    connector: ctx.connector,
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  };
  const after = `after ${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}`;
  if (ctx.abortedByCaller || isAbort(error))
    return abortedByCallerError(ctx.connector, ctx.requestId);
  if (failure.kind === 'status') {
    const { status } = failure;
    // Redacted before it is cut, so that no half of a secret survives the cut.
    const providerMessage = ctx.redactor.snippet(failure.text);
    const rateLimited = status === 429;
    const retryAfterMs =
      status === 429 || status === 503
        ? parseRetryAfter(failure.headers.get('retry-after'))
        : undefined;
    const refused = ctx.refusedWait;
    return new PaykitError({
      ...base,
      code: rateLimited ? 'rate_limited' : 'provider_unavailable',
      httpStatus: status,
      ...(providerMessage ? { providerMessage } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      message: refused
        ? `${ctx.connector} answered HTTP ${status} ${after}${rateLimited ? ' (rate limited)' : ''} and asked to wait ${seconds(refused.waitMs)}, longer than the ${seconds(refused.leftMs)} left of maxRetryWaitMs: not retried; retryAfterMs says when to ask again.`
        : `${ctx.connector} answered HTTP ${status} ${after}${rateLimited ? ' (rate limited)' : ''}.`,
    });
  }
  if (error instanceof AttemptTimeout) {
    return new PaykitError({
      ...base,
      code: 'timeout',
      message: `${ctx.connector} did not answer within ${ctx.timeoutMs} ms (${after}).`,
    });
  }
  if (isDeterministicFetchError(error)) {
    return new PaykitError({
      ...base,
      code: 'configuration_error',
      message: ctx.redactor.snippet(
        `The runtime's fetch refused the request to ${ctx.connector}, not retried: ${(error as Error).message}`,
        500,
      ),
    });
  }
  const reason = describeNetworkError(error);
  return new PaykitError({
    ...base,
    code: 'network_error',
    message: ctx.redactor.redactString(`Could not reach ${ctx.connector} ${after}: ${reason}.`),
  });
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

// What fetch says when the network failed, in the runtimes paykit runs on: undici ("fetch
// failed", "terminated" for a body cut short), browsers ("Failed to fetch", "NetworkError when
// attempting to fetch resource.", "Load failed"), workerd ("Network connection lost."), Deno
// ("error sending request ..."), React Native ("Network request failed").
const NETWORK_MESSAGE =
  /^(fetch failed|terminated|failed to fetch|load failed)\.?$|networkerror|network error|network connection|network request failed|error sending request|connection (refused|reset|closed|lost)/i;
// System and undici codes of a connection that failed, on the error or its causes.
const NETWORK_CODE =
  /^(E(?!RR_)[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+|ERR_SOCKET_[A-Z0-9_]+|ERR_STREAM_PREMATURE_CLOSE|ERR_HTTP2_[A-Z0-9_]+)$/;

/**
 * A TypeError that is not a network failure: the runtime refused the request itself (an option
 * it does not implement, a header value it will not send, a permission it was not given). The
 * same request would be refused again, so it is not retried and not called a network error.
 */
export function isDeterministicFetchError(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  if (NETWORK_MESSAGE.test(error.message)) return false;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return false;
    current = current.cause;
  }
  return true;
}

/** The system error code (ECONNRESET, ECONNREFUSED, ...) without the request it came with. */
function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return error instanceof Error ? error.message : 'unknown error';
}

/** An answer bigger than maxResponseBytes: not read further, not retried. */
export function tooLargeError(ctx: {
  connector: string;
  requestId?: string;
  status: number;
  maxBytes: number;
}): PaykitError {
  return new PaykitError({
    code: 'invalid_response',
    retryable: false,
    connector: ctx.connector,
    httpStatus: ctx.status,
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    message: `${ctx.connector} answered HTTP ${ctx.status} with a body larger than maxResponseBytes (${ctx.maxBytes} bytes, after decoding); it was not read further.`,
  });
}

/** A redirect: not followed (the request's credentials would go with it), not retried. */
export function redirectError(ctx: {
  connector: string;
  requestId?: string;
  response: Response;
  redactor: Redactor;
}): PaykitError {
  const { status } = ctx.response;
  const location = ctx.response.headers.get('location');
  const to = location ? ` to ${ctx.redactor.snippet(location, 200)}` : '';
  return new PaykitError({
    code: 'invalid_response',
    retryable: false,
    connector: ctx.connector,
    ...(status ? { httpStatus: status } : {}),
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    message: `${ctx.connector} answered ${status ? `HTTP ${status}` : 'with'} a redirect${to}, which paykit does not follow: the request's credentials would go with it. Check baseUrl.`,
  });
}
