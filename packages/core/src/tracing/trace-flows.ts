import { PaykitError } from '../errors/index.js';
import type { Redactor } from '../redaction/index.js';
import {
  guarded,
  type PaykitSpan,
  type PaykitTracer,
  SPAN_KIND_INTERNAL,
  SPAN_STATUS_ERROR,
  type TraceAttributes,
} from './tracer.js';

/** The provider calls of a connector that get a span: `paykit.cancelPayment`, `paykit.getPayment`. */
export const TRACED_FLOWS = ['cancelPayment', 'getPayment'] as const;
export type TracedFlow = (typeof TRACED_FLOWS)[number];

type Flow = (input: unknown) => Promise<unknown>;

export interface FlowTracing {
  tracer: PaykitTracer;
  /** The connector's redactor: what a span shows passes it, as everything paykit shows does. */
  redactor?: Redactor;
}

const outcomeOf = (value: unknown): TraceAttributes => {
  const result = value as { requestId?: unknown; status?: unknown } | null;
  return {
    ...(typeof result?.status === 'string' ? { 'paykit.outcome': result.status } : {}),
    ...(typeof result?.requestId === 'string' ? { 'paykit.request_id': result.requestId } : {}),
  };
};

function recordError(span: PaykitSpan, error: unknown, redact: (text: string) => string): void {
  if (!PaykitError.isInstance(error)) {
    // Not paykit's error (a bug, or a hook's): its text is unknown, so only its kind is shown.
    span.setAttribute('error.type', error instanceof Error ? error.name : typeof error);
    span.setStatus({ code: SPAN_STATUS_ERROR });
    return;
  }
  span.setAttribute('paykit.error.code', error.code);
  span.setAttribute('error.type', error.code);
  span.setAttribute('paykit.error.retryable', error.retryable);
  if (error.requestId) span.setAttribute('paykit.request_id', redact(error.requestId));
  if (error.httpStatus !== undefined)
    span.setAttribute('http.response.status_code', error.httpStatus);
  span.setStatus({ code: SPAN_STATUS_ERROR, message: redact(error.message) });
}

/**
 * Wraps a connector's provider calls in a span each, active while the call runs: the HTTP
 * attempts inside it are its children wherever the OpenTelemetry context manager carries the
 * active span across awaits (Node's AsyncLocalStorage one, which the Node SDK registers).
 */
export function traceFlow(
  connector: string,
  flow: TracedFlow,
  run: Flow,
  { tracer, redactor }: FlowTracing,
): Flow {
  const redact = (text: string) => (redactor ? redactor.redactString(text) : text);
  const name = `paykit.${flow}`;
  return (input) => {
    const requestId = (input as { requestId?: unknown } | null)?.requestId;
    const attributes: TraceAttributes = {
      'paykit.connector': connector,
      'paykit.flow': flow,
      ...(typeof requestId === 'string' ? { 'paykit.request_id': redact(requestId) } : {}),
    };
    let started = false;
    try {
      return tracer.startActiveSpan(name, { kind: SPAN_KIND_INTERNAL, attributes }, (span) => {
        started = true;
        // A synchronous throw becomes a rejection, so that the span ends either way.
        return new Promise<unknown>((resolve) => resolve(run(input))).then(
          (result) => {
            guarded(() => {
              for (const [key, value] of Object.entries(outcomeOf(result)))
                span.setAttribute(key, typeof value === 'string' ? redact(value) : value);
              span.end();
            });
            return result;
          },
          (error: unknown) => {
            guarded(() => {
              recordError(span, error, redact);
              span.end();
            });
            throw error;
          },
        );
      });
    } catch (error) {
      // The tracer failed before the call ran: the call runs untraced. Once it ran, its own
      // synchronous throw is the caller's.
      if (started) throw error;
      return run(input);
    }
  };
}
