import type { CompleteConnector } from '@paykit/core';
import {
  assembleConnector,
  type ConnectorRuntime,
  createConnectorRuntime,
  type HttpResult,
} from '@paykit/core/connector';
import type * as v from 'valibot';
import { type PayerMaxProviderOptions, successSchema } from './payermax-api.js';
import { createCancelPayment } from './payermax-cancel.js';
import { createGetPayment } from './payermax-get-payment.js';
import {
  PAYERMAX_BASE_URLS,
  PAYERMAX_DISPLAY_NAME,
  PAYERMAX_ID,
  type PayerMaxSettings,
  type ResolvedSettings,
  resolveSettings,
} from './payermax-settings.js';
import { createPayerMaxRequestSigner, verifyAnswerSignature } from './payermax-signing.js';
import { refusalOf } from './payermax-status.js';
import { createPayerMaxWebhookVerifier } from './payermax-webhook.js';
import { VERSION } from './version.js';

/** What `createPayerMax` makes: cancel, `orderQuery`, signed notifications. */
export type PayerMaxConnector = CompleteConnector<PayerMaxProviderOptions>;

/** What the flows share: the runtime, the settings, and one signed gateway call. */
export interface PayerMaxContext {
  runtime: ConnectorRuntime;
  settings: ResolvedSettings;
  /**
   * One signed gateway call: the envelope around `data`, serialised and signed once, re-dated
   * and re-signed for a retry later than PayerMax's two-minute window.
   */
  send(
    api: 'cancel' | 'orderQuery',
    data: Record<string, string>,
    requestId: string,
    signal: AbortSignal | undefined,
  ): Promise<HttpResult>;
  /** Reads a gateway answer through core: its code, its signature, its `data` of the shape given. */
  read<D extends v.GenericSchema>(
    result: HttpResult,
    action: string,
    data: D,
    requestId: string,
  ): Promise<{ data: v.InferOutput<D>; raw: unknown }>;
}

/**
 * PayerMax: RSA-signed cancel of an authorised (auth-capture) payment and order query, answers
 * verified.
 */
export function createPayerMax(settings: PayerMaxSettings): PayerMaxConnector {
  const resolved = resolveSettings(settings);
  const runtime = createConnectorRuntime({
    connector: PAYERMAX_ID,
    displayName: PAYERMAX_DISPLAY_NAME,
    connectorVersion: VERSION,
    settings: resolved,
    baseUrls: PAYERMAX_BASE_URLS,
    secrets: [resolved.privateKey],
  });
  const requests = createPayerMaxRequestSigner({
    appId: resolved.appId,
    ...(resolved.merchantNo !== undefined ? { merchantNo: resolved.merchantNo } : {}),
    signer: resolved.signer,
    ...(resolved.now ? { now: resolved.now } : {}),
  });

  const context: PayerMaxContext = {
    runtime,
    settings: resolved,
    async send(api, data, requestId, signal) {
      const prepare = () => requests.prepare(data);
      return runtime.http.request({
        method: 'POST',
        url: `/${api}`,
        body: await prepare(),
        refresh: { maxAgeMs: resolved.refreshAfterMs, prepare },
        requestId,
        ...(signal ? { signal } : {}),
      });
    },
    async read(result, action, data, requestId) {
      const { answer, body } = await runtime.readAnswer(result, {
        action,
        requestId,
        success: successSchema(data),
        refusal: refusalOf,
        // With verifyResponses: false an answer without a sign header still counts as unsigned.
        ...(resolved.verifyResponses
          ? {
              verify: (answered: HttpResult, accepted: boolean) =>
                verifyAnswerSignature(resolved.verifier, answered, accepted, requestId),
            }
          : {}),
      });
      return { data: answer.data, raw: body };
    },
  };

  return assembleConnector(runtime, context, {
    getPayment: createGetPayment,
    cancelPayment: createCancelPayment,
    verifyWebhook: createPayerMaxWebhookVerifier({
      verifier: resolved.verifier,
      appId: resolved.appId,
      merchantNo: resolved.merchantNo,
    }),
  });
}
