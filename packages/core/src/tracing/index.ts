export type {
  PaykitSpan,
  PaykitTracer,
  TraceAttributes,
  TraceAttributeValue,
  TraceSpanOptions,
} from './tracer.js';
