import { type CompleteConnector, PaykitError } from '@paykit/core';
import {
  assembleConnector,
  type ConnectorRuntime,
  createConnectorRuntime,
  type HttpRequest,
  type HttpResult,
  parseSettings,
} from '@paykit/core/connector';
import {
  type ChargeAnswer,
  chargeAnswerSchema,
  type LiquidoProviderOptions,
} from './liquido-api.js';
import { createCancelPayment } from './liquido-cancel.js';
import { createGetPayment } from './liquido-get-payment.js';
import {
  LIQUIDO_DISPLAY_NAME,
  LIQUIDO_ID,
  LIQUIDO_URLS,
  type LiquidoSettings,
  liquidoSettingsSchema,
  resolveAuthUrl,
} from './liquido-settings.js';
import { refusalOf } from './liquido-status.js';
import { createTokenSource } from './liquido-token.js';
import { createLiquidoWebhookVerifier } from './liquido-webhook.js';
import { VERSION } from './version.js';

/** What `createLiquido` makes: cancel (charge or PayCash reference), status query, webhooks. */
export type LiquidoConnector = CompleteConnector<LiquidoProviderOptions>;

/** What the flows share: the runtime, and one authorised call with its answer read. */
export interface LiquidoContext {
  runtime: ConnectorRuntime;
  /**
   * Sends with a bearer token. A 401 means the token died early (revoked, or the clocks
   * disagree): one new token, one retry; a second 401 is final.
   */
  send(
    request: Pick<HttpRequest, 'method' | 'url' | 'requestId' | 'signal'>,
    requestId: string,
  ): Promise<HttpResult>;
  /** Reads a charge or PayCash reference answer: the refusal, or the body. */
  read(
    result: HttpResult,
    action: string,
    requestId: string,
  ): Promise<{ answer: ChargeAnswer; body: unknown }>;
}

const asString = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The Liquido connector: cancel a charge or a PayCash reference, look a charge up, verify webhooks. */
export function createLiquido(settings: LiquidoSettings): LiquidoConnector {
  const raw = settings as Partial<Record<keyof LiquidoSettings, unknown>> | undefined;
  const parsed = parseSettings(liquidoSettingsSchema, settings, {
    what: 'Liquido settings',
    connector: LIQUIDO_ID,
    secrets: [asString(raw?.clientId), asString(raw?.clientSecret), asString(raw?.apiKey)],
  });
  const runtime = createConnectorRuntime({
    connector: LIQUIDO_ID,
    displayName: LIQUIDO_DISPLAY_NAME,
    connectorVersion: VERSION,
    // Core hides the access_token field of the token answer by name, and the token itself
    // once it is known (the token source adds it to the redactor).
    settings: parsed,
    baseUrls: { sandbox: LIQUIDO_URLS.sandbox.api, production: LIQUIDO_URLS.production.api },
    secrets: [parsed.clientSecret, parsed.apiKey],
  });
  const tokens = createTokenSource({
    http: runtime.http,
    redactor: runtime.redactor,
    connector: LIQUIDO_ID,
    authUrl: resolveAuthUrl(parsed),
    clientId: parsed.clientId,
    clientSecret: parsed.clientSecret,
    ...(parsed.tokenStore
      ? { store: parsed.tokenStore, sealWith: `${parsed.clientSecret}\n${parsed.apiKey}` }
      : {}),
  });

  const context: LiquidoContext = {
    runtime,
    async send(request, requestId) {
      for (let attempt = 1; ; attempt++) {
        // Both steps answer the caller's abort at once: the token source leaves the shared
        // token request to the others, the HTTP layer sends nothing once the signal fired.
        const token = await tokens.get(requestId, request.signal);
        const result = await runtime.http.request({
          method: request.method,
          url: request.url,
          requestId: request.requestId,
          signal: request.signal,
          headers: { authorization: `Bearer ${token}`, 'x-api-key': parsed.apiKey },
        });
        if (result.status !== 401 && result.status !== 403) return result;
        if (result.status === 401) tokens.invalidate(token);
        if (result.status === 403 || attempt === 2) {
          throw new PaykitError({
            code: 'authentication_failed',
            connector: LIQUIDO_ID,
            httpStatus: result.status,
            requestId,
            message:
              result.status === 401
                ? 'Liquido refused a freshly issued access token too (HTTP 401); check apiKey, clientId and clientSecret.'
                : 'Liquido refused the request (HTTP 403); check apiKey and what the account may do.',
          });
        }
      }
    },
    read: (result, action, requestId) =>
      runtime.readAnswer(result, {
        action,
        requestId,
        success: chargeAnswerSchema,
        refusal: refusalOf,
      }),
  };

  return assembleConnector(runtime, context, {
    getPayment: createGetPayment,
    cancelPayment: createCancelPayment,
    verifyWebhook: createLiquidoWebhookVerifier({
      clientSecret: parsed.clientSecret,
      toleranceSeconds: parsed.webhookToleranceSeconds,
    }),
  });
}
