import { PaykitError } from '../errors/index.js';
import type { Redactor } from '../redaction/index.js';
import { traceableUrl } from '../tracing/trace-url.js';
import {
  guarded,
  type PaykitSpan,
  type PaykitTracer,
  SPAN_KIND_CLIENT,
  SPAN_STATUS_ERROR,
} from '../tracing/tracer.js';
import { isDeterministicFetchError } from './http-errors.js';

/** One HTTP attempt's span: ended once, by its answer or its failure. */
export interface AttemptTrace {
  answered(status: number): void;
  failed(error: unknown): void;
}

export interface AttemptTraceContext {
  tracer: PaykitTracer;
  redactor: Redactor;
  connector: string;
  method: string;
  url: string;
  attempt: number;
  requestId?: string;
  /** Whether the caller's signal has fired: an abort is then the caller's, else the attempt's timeout. */
  callerAborted(): boolean;
}

const NO_TRACE: AttemptTrace = { answered() {}, failed() {} };

/** The code the attempt would end with: what the call rejects with when it is the last one. */
function attemptCode(error: unknown, callerAborted: boolean): string {
  if (PaykitError.isInstance(error)) return error.code;
  if (error instanceof Error && error.name === 'AbortError')
    return callerAborted ? 'network_error' : 'timeout';
  return isDeterministicFetchError(error) ? 'configuration_error' : 'network_error';
}

function answerCode(status: number): string | undefined {
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'provider_unavailable' : undefined;
}

/**
 * A `paykit.http` client span for one attempt, with OpenTelemetry's HTTP attribute names where
 * they exist. Nothing in it comes from a header or body, and the URL is cut to its path and
 * redacted: a span never holds a secret.
 */
export function startAttemptTrace(context: AttemptTraceContext): AttemptTrace {
  const { tracer, redactor } = context;
  const url = traceableUrl(context.url, redactor);
  let span: PaykitSpan | undefined;
  guarded(() => {
    span = tracer.startSpan('paykit.http', {
      kind: SPAN_KIND_CLIENT,
      attributes: {
        'paykit.connector': context.connector,
        'paykit.attempt': context.attempt,
        'http.request.method': context.method,
        'url.full': url.full,
        'server.address': url.host,
        ...(context.requestId
          ? { 'paykit.request_id': redactor.redactString(context.requestId) }
          : {}),
      },
    });
  });
  if (!span) return NO_TRACE;
  const open = span;
  let ended = false;
  const end = (record: (span: PaykitSpan) => void) => {
    if (ended) return;
    ended = true;
    guarded(() => {
      record(open);
      open.end();
    });
  };
  return {
    answered(status) {
      end((s) => {
        s.setAttribute('http.response.status_code', status);
        if (status < 400) return;
        s.setAttribute('error.type', String(status));
        const code = answerCode(status);
        if (code) s.setAttribute('paykit.error.code', code);
        s.setStatus({ code: SPAN_STATUS_ERROR, message: `HTTP ${status}` });
      });
    },
    failed(error) {
      end((s) => {
        const code = attemptCode(error, context.callerAborted());
        s.setAttribute('paykit.error.code', code);
        s.setAttribute('error.type', code);
        if (PaykitError.isInstance(error) && error.httpStatus !== undefined)
          s.setAttribute('http.response.status_code', error.httpStatus);
        s.setStatus({ code: SPAN_STATUS_ERROR, message: code });
      });
    },
  };
}
