import * as v from 'valibot';
import { createHttpClient, type HttpClient, type HttpHooks } from '../http/index.js';
import { createRedactor, type Redactor } from '../redaction/index.js';
import { commonSettingsEntries } from '../validation/index.js';

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
  /** Observers of the traffic, with secrets redacted. */
  hooks?: HttpHooks;
  /** First retry delay in ms (default 250), doubling with each retry; tests set it low. */
  retryBaseDelayMs?: number;
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
});

export interface ConnectorRuntime {
  http: HttpClient;
  redactor: Redactor;
  baseUrl: string;
  environment: 'sandbox' | 'production';
}

export interface ConnectorRuntimeOptions {
  connector: string;
  connectorVersion: string;
  settings: v.InferOutput<typeof commonSettingsSchema>;
  baseUrls: { sandbox: string; production: string };
  /** Every credential of the connector: hidden from errors, hooks and logs. */
  secrets: readonly (string | undefined)[];
}

/** What each connector needs from core, wired once: redaction and the HTTP client. */
export function createConnectorRuntime(options: ConnectorRuntimeOptions): ConnectorRuntime {
  const { settings } = options;
  const redactor = createRedactor(options.secrets);
  const environment = settings.environment;
  const baseUrl = settings.baseUrl ?? options.baseUrls[environment];
  const http = createHttpClient({
    connector: options.connector,
    connectorVersion: options.connectorVersion,
    baseUrl,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    redactor,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.hooks ? { hooks: settings.hooks as HttpHooks } : {}),
    ...(settings.retryBaseDelayMs !== undefined
      ? { retryBaseDelayMs: settings.retryBaseDelayMs }
      : {}),
  });
  return { http, redactor, baseUrl, environment };
}
