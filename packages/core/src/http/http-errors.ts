import { HTTPError, TimeoutError } from 'ky';
import { PaykitError } from '../errors/index.js';
import type { Redactor } from '../redaction/index.js';
import { textOf } from './response-text.js';

interface ErrorContext {
  connector: string;
  requestId?: string;
  attempts: number;
  url: string;
  timeoutMs: number;
  redactor: Redactor;
  /** The caller's signal fired: whatever its reason, the caller gave up. */
  abortedByCaller?: boolean;
}

/**
 * Turns what ky or fetch threw into a PaykitError. The cause is not attached: it holds the
 * Request, whose headers carry credentials.
 */
export async function toPaykitError(error: unknown, ctx: ErrorContext): Promise<PaykitError> {
  if (PaykitError.isInstance(error)) return error;
  const base = {
    connector: ctx.connector,
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  };
  const after = `after ${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}`;
  if (ctx.abortedByCaller || isAbort(error)) {
    return new PaykitError({
      ...base,
      code: 'network_error',
      retryable: false,
      message: `The request to ${ctx.connector} was aborted by the caller.`,
    });
  }
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const text = await textOf(error.response).catch(() => '');
    // Redacted before it is cut, so that no half of a secret survives the cut.
    const providerMessage = ctx.redactor.snippet(text);
    const rateLimited = status === 429;
    return new PaykitError({
      ...base,
      code: rateLimited ? 'rate_limited' : 'provider_unavailable',
      httpStatus: status,
      ...(providerMessage ? { providerMessage } : {}),
      message: `${ctx.connector} answered HTTP ${status} ${after}${rateLimited ? ' (rate limited)' : ''}.`,
    });
  }
  if (error instanceof TimeoutError) {
    return new PaykitError({
      ...base,
      code: 'timeout',
      message: `${ctx.connector} did not answer within ${ctx.timeoutMs} ms (${after}).`,
    });
  }
  const reason = describeNetworkError(error);
  return new PaykitError({
    ...base,
    code: 'network_error',
    message: ctx.redactor.redactString(`Could not reach ${ctx.connector} ${after}: ${reason}.`),
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
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
