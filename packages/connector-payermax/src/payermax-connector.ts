import {
  type CancelPaymentInput,
  type CancelPaymentResult,
  type Connector,
  createConnectorRuntime,
  defineConnector,
  type GetPaymentInput,
  generateRequestId,
  type HttpResult,
  PaykitError,
  type PaymentStatusResult,
  parseInput,
  parseResponse,
  providerOptionsFor,
  reportedAmount,
  requestIdSchema,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import * as v from 'valibot';
import { version } from '../package.json';
import { decimalAmount } from './payermax-amount.js';
import {
  type AnswerEnvelope,
  cancelAnswerDataSchema,
  field,
  LIMITS,
  orderAnswerDataSchema,
} from './payermax-api.js';
import { type AnswerContext, readAnswer, refusal } from './payermax-response.js';
import {
  CONNECTOR_ID,
  PAYERMAX_BASE_URLS,
  type PayerMaxSettings,
  resolveSettings,
} from './payermax-settings.js';
import { createPayerMaxRequestSigner } from './payermax-signing.js';
import { cancelStatusOf, failedCancelCodeOf, orderStatusOf } from './payermax-status.js';
import { verifyNotification } from './payermax-webhook.js';

// Ids travel in the signed JSON body, not in the URL: any printable string within the limit.
const cancelInputSchema = v.object({
  paymentId: field(LIMITS.outTradeNo),
  requestId: v.optional(requestIdSchema(LIMITS.requestId)),
  signal: v.optional(v.instance(AbortSignal, 'must be an AbortSignal')),
});

const getInputSchema = v.object({
  paymentId: field(LIMITS.outTradeNo),
  signal: v.optional(v.instance(AbortSignal, 'must be an AbortSignal')),
});

/**
 * The PayerMax connector: cancel, the order's status (`orderQuery`), and verification of
 * PayerMax's signed notifications.
 */
export interface PayerMaxConnector extends Connector {
  getPayment(input: GetPaymentInput): Promise<PaymentStatusResult>;
  verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent>;
}

/**
 * PayerMax: RSA-signed cancel of an authorised (auth-capture) payment and order query, answers
 * verified.
 */
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

  // One signed gateway call: the envelope around `data`, re-dated and re-signed for a late retry.
  async function call(
    api: 'cancel' | 'orderQuery',
    data: Record<string, string>,
    requestId: string,
    signal: AbortSignal | undefined,
  ): Promise<{ result: HttpResult; envelope: AnswerEnvelope; context: AnswerContext }> {
    const prepare = () => requests.prepare(data);
    const result = await runtime.http.request({
      method: 'POST',
      url: `/${api}`,
      body: await prepare(),
      // PayerMax rejects a requestTime older than two minutes: a late retry is re-dated and re-signed.
      refresh: { maxAgeMs: resolved.refreshAfterMs, prepare },
      requestId,
      ...(signal ? { signal } : {}),
    });
    const context: AnswerContext = {
      requestId,
      verifier: resolved.verifier,
      verifyResponses: resolved.verifyResponses,
      redactor: runtime.redactor,
    };
    return { result, envelope: await readAnswer(result, context), context };
  }

  async function cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentResult> {
    const { paymentId, requestId = generateRequestId() } = parseInput(cancelInputSchema, input, {
      what: 'cancel input',
      connector: CONNECTOR_ID,
    });
    // PayerMax takes no provider options; a malformed providerOptions is still refused.
    providerOptionsFor(input, CONNECTOR_ID, requestId);
    const { result, envelope, context } = await call(
      'cancel',
      { requestId, outTradeNo: paymentId },
      requestId,
      input.signal,
    );
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

  /**
   * The order's state through `orderQuery`. It tells an authorisation (`authorized`) from a paid,
   * pending, failed or expired order, but not a captured or cancelled authorisation from one that
   * is still open (PayerMax documents no field for either): it does not confirm cancels.
   */
  async function getPayment(input: GetPaymentInput): Promise<PaymentStatusResult> {
    const { paymentId } = parseInput(getInputSchema, input, {
      what: 'getPayment input',
      connector: CONNECTOR_ID,
    });
    providerOptionsFor(input, CONNECTOR_ID);
    // orderQuery takes no request id; this one names the call in errors and hooks.
    const requestId = generateRequestId();
    const { result, envelope } = await call(
      'orderQuery',
      { outTradeNo: paymentId },
      requestId,
      input.signal,
    );
    const data = parseResponse(orderAnswerDataSchema, envelope.data, {
      what: 'PayerMax orderQuery answer',
      connector: CONNECTOR_ID,
      requestId,
    });
    if (data.outTradeNo && data.outTradeNo !== paymentId) {
      throw new PaykitError({
        code: 'invalid_response',
        connector: CONNECTOR_ID,
        requestId,
        httpStatus: result.status,
        message: 'PayerMax answered the orderQuery about another outTradeNo than the one sent.',
      });
    }
    const amount = reportedAmount(() => decimalAmount(data.totalAmount, data.currency));
    const tradeToken = typeof data.tradeToken === 'string' ? data.tradeToken : undefined;
    return {
      connector: CONNECTOR_ID,
      paymentId,
      status: orderStatusOf(data.status, data.captureMode),
      providerStatus: data.status,
      ...(tradeToken ? { providerReference: tradeToken } : {}),
      ...(amount ? { amount } : {}),
      raw: envelope,
    };
  }

  const connector = defineConnector({
    id: CONNECTOR_ID,
    displayName: 'PayerMax',
    capabilities: ['cancelPayment', 'getPayment', 'verifyWebhook'],
    cancelPayment,
    getPayment,
    verifyWebhook: (input: VerifyWebhookInput) =>
      verifyNotification(input, {
        verifier: resolved.verifier,
        appId: resolved.appId,
        merchantNo: resolved.merchantNo,
      }),
  });
  return connector;
}
