/*
 * The part of OpenTelemetry's `Tracer` and `Span` (from `@opentelemetry/api`) that paykit calls,
 * written out so that core neither imports the API at run time nor names it in its declarations:
 * a user without the optional peer installs, loads and type-checks nothing more. A tracer from
 * `trace.getTracer('paykit')` fits these types as it is.
 */

export type TraceAttributeValue = string | number | boolean;
export type TraceAttributes = Record<string, TraceAttributeValue>;

export interface TraceSpanOptions {
  /** OpenTelemetry's `SpanKind`: 0 internal, 2 client. */
  kind?: number;
  attributes?: TraceAttributes;
}

export interface PaykitSpan {
  setAttribute(key: string, value: TraceAttributeValue): unknown;
  /** OpenTelemetry's `SpanStatusCode`: 2 is error. */
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

/** An OpenTelemetry tracer: `trace.getTracer('paykit')` from `@opentelemetry/api`. */
export interface PaykitTracer {
  startSpan(name: string, options?: TraceSpanOptions): PaykitSpan;
  /** Runs `fn` with the span active, so that spans started inside it are its children. */
  startActiveSpan<F extends (span: PaykitSpan) => unknown>(
    name: string,
    options: TraceSpanOptions,
    fn: F,
  ): ReturnType<F>;
}

// The numeric values of @opentelemetry/api's enums, fixed by the OpenTelemetry specification.
export const SPAN_KIND_INTERNAL = 0;
export const SPAN_KIND_CLIENT = 2;
export const SPAN_STATUS_ERROR = 2;

export function isTracer(value: unknown): value is PaykitTracer {
  const tracer = value as Partial<PaykitTracer> | null | undefined;
  return (
    typeof tracer === 'object' &&
    tracer !== null &&
    typeof tracer.startSpan === 'function' &&
    typeof tracer.startActiveSpan === 'function'
  );
}

/** A tracer's failure is its own: it must not change the call it observes. */
export function guarded(action: () => void): void {
  try {
    action();
  } catch {
    // Tracing is an observer.
  }
}
