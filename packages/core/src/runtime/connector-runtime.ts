import * as v from 'valibot';
import { type Answer, type AnswerSpec, readAnswer } from '../answer/read-answer.js';
import { PaykitError } from '../errors/index.js';
import {
  createHttpClient,
  type HttpClient,
  type HttpHooks,
  type HttpResult,
} from '../http/index.js';
import { createRedactor, MIN_SECRET_LENGTH, type Redactor } from '../redaction/index.js';
import { isTracer, type PaykitTracer } from '../tracing/tracer.js';
import { commonSettingsEntries, type ParseContext, parseResponse } from '../validation/index.js';

/** The settings every connector factory takes besides its credentials. */
export interface CommonSettings {
  environment?: 'sandbox' | 'production';
  /** Overrides the environment's URL; how tests and simulators are reached. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Per attempt. Default 15000. */
  timeoutMs?: number;
  /** Default 2. */
  maxRetries?: number;
  /**
   * The most bytes of one answer paykit reads, counted after gzip, deflate or br decoding as
   * the body streams. Past it the call stops reading at once and rejects `invalid_response`,
   * not retried. Default 1048576 (1 MiB).
   */
  maxResponseBytes?: number;
  /**
   * The most one call waits, in all, because the provider's `Retry-After` (429, 503) asked it
   * to. A longer wait than what is left rejects at once, retryable, with `retryAfterMs` on the
   * error for the caller to schedule. Default 10000.
   */
  maxRetryWaitMs?: number;
  /** Observers of the traffic, with secrets redacted. */
  hooks?: HttpHooks;
  /** First retry delay in ms (default 250), doubling with each retry; tests set it low. */
  retryBaseDelayMs?: number;
  /**
   * An OpenTelemetry tracer (`trace.getTracer('paykit')` from `@opentelemetry/api`): a span per
   * provider call and per HTTP attempt, with no secret in them. Absent: nothing is traced.
   */
  tracer?: PaykitTracer;
}

export const commonSettingsSchema = v.object({
  ...commonSettingsEntries,
  hooks: v.optional(
    v.record(
      v.string(),
      v.custom<(...args: never[]) => void>((f) => typeof f === 'function'),
    ),
  ),
  retryBaseDelayMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(60_000))),
  tracer: v.optional(
    v.custom<PaykitTracer>(isTracer, 'must be an OpenTelemetry Tracer (trace.getTracer(...))'),
  ),
});

type ParsedCommonSettings = v.InferOutput<typeof commonSettingsSchema>;

/** What a connector's parse of a provider's answer names; the runtime adds the rest. */
export type ResponseParseContext = Omit<ParseContext, 'redactor' | 'secrets'>;

export interface ConnectorRuntime {
  /** The connector's id and the provider's name, as `createConnectorRuntime` was given them. */
  connector: string;
  displayName: string;
  http: HttpClient;
  redactor: Redactor;
  baseUrl: string;
  environment: 'sandbox' | 'production';
  /** The settings' tracer; `defineConnector(connector, runtime)` traces the provider calls with it. */
  tracer?: PaykitTracer;
  /**
   * Validates what the provider answered (`invalid_response`), its message and issues redacted
   * by this connector's redactor: every secret of its settings and the live token.
   */
  parseResponse<S extends v.GenericSchema>(
    schema: S,
    value: unknown,
    context: ResponseParseContext,
  ): v.InferOutput<S>;
  /** `readAnswer` with this connector's id, display name and redactor already given. */
  readAnswer<S extends v.GenericSchema>(
    result: HttpResult,
    spec: RuntimeAnswerSpec<S>,
  ): Promise<Answer<v.InferOutput<S>>>;
}

/** What a flow tells `runtime.readAnswer` about one answer: the rest is the runtime's. */
export type RuntimeAnswerSpec<S extends v.GenericSchema> = Omit<
  AnswerSpec<S>,
  'connector' | 'displayName' | 'redactor'
>;

export interface ConnectorRuntimeOptions {
  connector: string;
  /** The provider's name, for messages ("Liquido refused …"). Default: the connector id. */
  displayName?: string;
  connectorVersion: string;
  /**
   * The common settings as `commonSettingsSchema` parsed them. The two limits may be absent (a
   * schema made before them): their defaults apply.
   */
  settings: Omit<ParsedCommonSettings, 'maxResponseBytes' | 'maxRetryWaitMs'> &
    Partial<Pick<ParsedCommonSettings, 'maxResponseBytes' | 'maxRetryWaitMs'>>;
  baseUrls: { sandbox: string; production: string };
  /**
   * Every credential of the connector: hidden from errors, hooks and logs. Named (`{ apiKey }`)
   * or a list; a named one is named in the error when it is too short to be hidden.
   */
  secrets: readonly (string | undefined)[] | Readonly<Record<string, string | undefined>>;
}

/**
 * A credential shorter than the redactor hides would show in every message that quotes it, so
 * it is refused at construction, never used.
 */
function refuseShortSecrets(connector: string, secrets: ConnectorRuntimeOptions['secrets']): void {
  const entries: [string | undefined, string | undefined][] = Array.isArray(secrets)
    ? secrets.map((value) => [undefined, value])
    : Object.entries(secrets);
  const short = entries.filter(
    ([, value]) => typeof value === 'string' && value.length < MIN_SECRET_LENGTH,
  );
  if (short.length === 0) return;
  const names = short.map(([name]) => name ?? 'a secret setting');
  const rule = `must be at least ${MIN_SECRET_LENGTH} characters (paykit could not hide a shorter secret from messages)`;
  throw new PaykitError({
    code: 'configuration_error',
    connector,
    message: `Invalid ${connector} settings: ${names.map((name) => `${name} ${rule}`).join('; ')}.`,
    issues: names.map((name) => `${name}: ${rule}`),
  });
}

/** What each connector needs from core, wired once: redaction and the HTTP client. */
export function createConnectorRuntime(options: ConnectorRuntimeOptions): ConnectorRuntime {
  const { settings, connector } = options;
  refuseShortSecrets(connector, options.secrets);
  const secretList = Array.isArray(options.secrets)
    ? (options.secrets as readonly (string | undefined)[])
    : Object.values(options.secrets);
  const redactor = createRedactor(secretList);
  const environment = settings.environment;
  const displayName = options.displayName ?? connector;
  const baseUrl = settings.baseUrl ?? options.baseUrls[environment];
  const http = createHttpClient({
    connector,
    connectorVersion: options.connectorVersion,
    baseUrl,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    redactor,
    ...(settings.maxResponseBytes !== undefined
      ? { maxResponseBytes: settings.maxResponseBytes }
      : {}),
    ...(settings.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: settings.maxRetryWaitMs } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.hooks ? { hooks: settings.hooks as HttpHooks } : {}),
    ...(settings.retryBaseDelayMs !== undefined
      ? { retryBaseDelayMs: settings.retryBaseDelayMs }
      : {}),
    ...(settings.tracer ? { tracer: settings.tracer } : {}),
  });
  return {
    connector,
    displayName,
    http,
    redactor,
    baseUrl,
    environment,
    ...(settings.tracer ? { tracer: settings.tracer } : {}),
    parseResponse: (schema, value, context) =>
      parseResponse(schema, value, { connector, ...context, redactor }),
    // Built field by field: a spread of the caller's spec is a slow copy on the hot path.
    readAnswer: (result, spec) =>
      readAnswer(result, {
        connector,
        displayName,
        redactor,
        action: spec.action,
        requestId: spec.requestId,
        success: spec.success,
        refusal: spec.refusal,
        verify: spec.verify,
      }),
  };
}
