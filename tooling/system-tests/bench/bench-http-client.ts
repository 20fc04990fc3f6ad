import type { HttpHooks } from '@paykit/core';
import { createConnectorRuntime, type HttpClient } from '@paykit/core/connector';

/** What the benchmarks vary about core's HTTP client. */
export interface BenchHttpClientSettings {
  connector: string;
  connectorVersion: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs?: number;
  /** What the runtime's redactor hides. */
  secrets: string[];
  hooks?: HttpHooks;
}

/**
 * Core's HTTP client as a connector gets it, from `createConnectorRuntime` (core exports no
 * client of its own).
 */
export function benchHttpClient(settings: BenchHttpClientSettings): HttpClient {
  const { http } = createConnectorRuntime({
    connector: settings.connector,
    connectorVersion: settings.connectorVersion,
    settings: {
      environment: 'production',
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      ...(settings.retryBaseDelayMs !== undefined
        ? { retryBaseDelayMs: settings.retryBaseDelayMs }
        : {}),
      ...(settings.hooks ? { hooks: settings.hooks as Record<string, () => void> } : {}),
    },
    baseUrls: { sandbox: settings.baseUrl, production: settings.baseUrl },
    secrets: settings.secrets,
  });
  return http;
}
