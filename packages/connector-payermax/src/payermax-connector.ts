import {
  type CancelPaymentInput,
  type CancelPaymentResult,
  type Connector,
  createConnectorRuntime,
  defineConnector,
  generateRequestId,
  PaykitError,
  parseInput,
  parseResponse,
  requestIdSchema,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import * as v from 'valibot';
import { version } from '../package.json';
import { cancelAnswerDataSchema, field, LIMITS } from './payermax-api.js';
import { type AnswerContext, readAnswer, refusal } from './payermax-response.js';
import {
  CONNECTOR_ID,
  PAYERMAX_BASE_URLS,
  type PayerMaxSettings,
  resolveSettings,
} from './payermax-settings.js';
import { createPayerMaxRequestSigner } from './payermax-signing.js';
import { cancelStatusOf, failedCancelCodeOf } from './payermax-status.js';
import { verifyNotification } from './payermax-webhook.js';

// Ids travel in the signed JSON body, not in the URL: any printable string within the limit.
const cancelInputSchema = v.object({
  paymentId: field(LIMITS.outTradeNo),
  requestId: v.optional(requestIdSchema(LIMITS.requestId)),
  signal: v.optional(v.instance(AbortSignal, 'must be an AbortSignal')),
});

/** The PayerMax connector: cancel, and verification of PayerMax's signed notifications. */
export interface PayerMaxConnector extends Connector {
  verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent>;
}

/** PayerMax: RSA-signed cancel of an authorised (auth-capture) payment, answers verified. */
export function createPayerMax(settings: PayerMaxSettings): PayerMaxConnector {
  const resolved = resolveSettings(settings);
  const runtime = createConnectorRuntime({
    connector: CONNECTOR_ID,
    connectorVersion: version,
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

  async function cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentResult> {
    const { paymentId, requestId = generateRequestId() } = parseInput(cancelInputSchema, input, {
      what: 'cancel input',
      connector: CONNECTOR_ID,
    });
    const prepare = () => requests.prepare({ requestId, outTradeNo: paymentId });
    const result = await runtime.http.request({
      method: 'POST',
      url: '/cancel',
      body: await prepare(),
      // PayerMax rejects a requestTime older than two minutes: a late retry is re-dated and re-signed.
      refresh: { maxAgeMs: resolved.refreshAfterMs, prepare },
      requestId,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const context: AnswerContext = {
      requestId,
      verifier: resolved.verifier,
      verifyResponses: resolved.verifyResponses,
      redactor: runtime.redactor,
    };
    const envelope = await readAnswer(result, context);
    const data = parseResponse(cancelAnswerDataSchema, envelope.data, {
      what: 'PayerMax cancel answer',
      connector: CONNECTOR_ID,
      requestId,
    });
    // An answer about another order or request is not an answer to this cancel.
    if (
      (data.outTradeNo && data.outTradeNo !== paymentId) ||
      (data.requestId && data.requestId !== requestId)
    ) {
      throw new PaykitError({
        code: 'invalid_response',
        connector: CONNECTOR_ID,
        requestId,
        httpStatus: result.status,
        message: 'PayerMax answered about another outTradeNo or requestId than the one sent.',
      });
    }
    const status = cancelStatusOf(data.status);
    if (status === 'failed') {
      throw refusal(context, {
        code: failedCancelCodeOf(data.errorCode),
        providerCode: data.errorCode || data.status,
        providerMessage: data.errorMsg,
        httpStatus: result.status,
        what: 'could not cancel the payment',
      });
    }
    return {
      connector: CONNECTOR_ID,
      status,
      paymentId,
      requestId,
      providerStatus: data.status,
      ...(data.cancelNo ? { providerReference: data.cancelNo } : {}),
      raw: envelope,
    };
  }

  const connector = defineConnector({
    id: CONNECTOR_ID,
    displayName: 'PayerMax',
    capabilities: ['cancelPayment', 'verifyWebhook'],
    cancelPayment,
    verifyWebhook: (input: VerifyWebhookInput) => verifyNotification(input, resolved.verifier),
  });
  return connector;
}
