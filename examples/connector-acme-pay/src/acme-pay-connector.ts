import type { CompleteConnector } from '@paykit/core';
import {
  assembleConnector,
  type ConnectorRuntime,
  createConnectorRuntime,
  createHmacSha256Signer,
  type HttpResult,
  type PreparedBody,
  parseSettings,
} from '@paykit/core/connector';
import type * as v from 'valibot';
import {
  type AcmePayProviderOptions,
  SIGNATURE_HEADER,
  stringToSign,
  TIMESTAMP_HEADER,
} from './acme-pay-api.js';
import { createCancelPayment } from './acme-pay-cancel.js';
import { createGetPayment } from './acme-pay-get-payment.js';
import {
  ACME_PAY_BASE_URLS,
  ACME_PAY_DISPLAY_NAME,
  ACME_PAY_ID,
  type AcmePaySettings,
  type ParsedSettings,
  settingsSchema,
} from './acme-pay-settings.js';
import { refusalOf } from './acme-pay-status.js';
import { createAcmePayWebhookVerifier } from './acme-pay-webhook.js';
import { VERSION } from './version.js';

/** What `createAcmePay` makes: cancel, status query and webhooks, `providerOptions` typed. */
export type AcmePayConnector = CompleteConnector<AcmePayProviderOptions>;

/** What the flows share: the runtime, one authorised (and signed) call, and reading its answer. */
export interface AcmePayContext {
  runtime: ConnectorRuntime;
  /**
   * Sends with the API key. A `json` body is serialised once and signed: the HTTP layer resends
   * these same bytes on every retry, re-signed only when a retry comes too late for its timestamp.
   */
  send(request: {
    method: 'GET' | 'POST';
    url: string;
    json?: string;
    requestId: string;
    signal?: AbortSignal | undefined;
  }): Promise<HttpResult>;
  /** Reads an answer: the provider's refusal as a PaykitError, or the body held to `schema`. */
  read<S extends v.GenericSchema>(
    result: HttpResult,
    action: string,
    schema: S,
    requestId: string,
  ): Promise<{ answer: v.InferOutput<S>; raw: unknown }>;
}

// A signed body older than this is re-signed before a retry; the provider accepts 300 s of skew.
const SIGNATURE_MAX_AGE_MS = 240_000;

/** The Acme Pay connector: cancel a payment, look it up, verify webhooks. */
export function createAcmePay(settings: AcmePaySettings): AcmePayConnector {
  const parsed: ParsedSettings = parseSettings(settingsSchema, settings, {
    what: `${ACME_PAY_DISPLAY_NAME} settings`,
    connector: ACME_PAY_ID,
    secrets: [settings?.apiKey, settings?.signingSecret],
  });
  const runtime = createConnectorRuntime({
    connector: ACME_PAY_ID,
    displayName: ACME_PAY_DISPLAY_NAME,
    connectorVersion: VERSION,
    settings: parsed,
    baseUrls: ACME_PAY_BASE_URLS,
    secrets: [parsed.apiKey, parsed.signingSecret],
  });
  // The key is prepared once, not on every request.
  const hmac = createHmacSha256Signer(parsed.signingSecret);

  // Serialise once, sign that exact string, send that exact string.
  async function sign(body: string): Promise<PreparedBody> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const message = stringToSign(timestamp, body);
    const signature = await hmac(message);
    return {
      body,
      headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature },
      signing: { stringToSign: message, signature },
    };
  }

  const context: AcmePayContext = {
    runtime,
    async send({ method, url, json, requestId, signal }) {
      return runtime.http.request({
        method,
        url,
        headers: { authorization: `Bearer ${parsed.apiKey}` },
        ...(json !== undefined
          ? {
              body: await sign(json),
              refresh: { maxAgeMs: SIGNATURE_MAX_AGE_MS, prepare: () => sign(json) },
            }
          : {}),
        requestId,
        ...(signal ? { signal } : {}),
      });
    },
    async read(result, action, schema, requestId) {
      const { answer, body } = await runtime.readAnswer(result, {
        action,
        requestId,
        success: schema,
        refusal: refusalOf,
      });
      return { answer, raw: body };
    },
  };

  return assembleConnector(runtime, context, {
    getPayment: createGetPayment,
    cancelPayment: createCancelPayment,
    verifyWebhook: createAcmePayWebhookVerifier({
      hmac,
      toleranceSeconds: parsed.webhookToleranceSeconds,
    }),
  });
}
