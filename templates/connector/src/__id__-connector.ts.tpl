import {
  type CancelPaymentResult,
  type CommonSettings,
  commonSettingsSchema,
  createConnectorRuntime,
  createHmacSha256Signer,
  defineConnector,
  encodePathSegment,
  generateRequestId,
  type HttpResult,
  type Money,
  PaykitError,
  type PaymentStatusResult,
  type PreparedBody,
  parseInput,
  parseResponse,
  parseSettings,
  pathSegment,
  providerOptionsFor,
  readJson,
  requestIdSchema,
  toMinorUnits,
} from '@paykit/core';
import * as v from 'valibot';
import { version } from '../package.json';
import {
  type {{Name}}CancelRequest,
  type {{Name}}PaymentBody,
  errorSchema,
  paymentSchema,
  SIGNATURE_HEADER,
  stringToSign,
  TIMESTAMP_HEADER,
} from './{{id}}-api.js';
import { errorCodeFor, isDocumentedStatus, paymentStatusFor } from './{{id}}-status.js';

const ID = '{{id}}';
const DISPLAY_NAME = '{{displayName}}';

export const {{NAME}}_BASE_URLS = {
  sandbox: 'https://sandbox.{{id}}.example',
  production: 'https://api.{{id}}.example',
} as const;

export interface {{Name}}Settings extends CommonSettings {
  /** Sent as a bearer token on every request. */
  apiKey: string;
  /** Signs every request body (HMAC-SHA256). */
  signingSecret: string;
}

const settingsSchema = v.object({
  ...commonSettingsSchema.entries,
  apiKey: v.pipe(v.string('must be a string'), v.minLength(8, 'must be at least 8 characters')),
  signingSecret: v.pipe(
    v.string('must be a string'),
    v.minLength(16, 'must be at least 16 characters'),
  ),
});

const cancelInputSchema = v.object({
  paymentId: pathSegment(64),
  requestId: v.optional(requestIdSchema(64)),
});

/** `providerOptions.{{id}}` of a cancel. */
const cancelOptionsSchema = v.object({
  reason: v.optional(v.pipe(v.string('must be a string'), v.maxLength(200))),
});

const getInputSchema = v.object({ paymentId: pathSegment(64) });

// A signed body older than this is re-signed before a retry; the provider accepts 300 s of skew.
const SIGNATURE_MAX_AGE_MS = 240_000;

export function create{{Name}}(settings: {{Name}}Settings) {
  const parsed = parseSettings(settingsSchema, settings, {
    what: `${DISPLAY_NAME} settings`,
    connector: ID,
    secrets: [settings?.apiKey, settings?.signingSecret],
  });
  const runtime = createConnectorRuntime({
    connector: ID,
    connectorVersion: version,
    settings: parsed,
    baseUrls: {{NAME}}_BASE_URLS,
    secrets: [parsed.apiKey, parsed.signingSecret],
  });
  const authorization = { authorization: `Bearer ${parsed.apiKey}` };
  // The key is imported into Web Crypto once, not on every request.
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

  function refusal(result: HttpResult, body: unknown, requestId?: string): PaykitError {
    const context = {
      connector: ID,
      httpStatus: result.status,
      ...(requestId ? { requestId } : {}),
    };
    const answer = v.safeParse(errorSchema, body);
    if (!answer.success) {
      const unauthorized = result.status === 401 || result.status === 403;
      return new PaykitError({
        ...context,
        code: unauthorized ? 'authentication_failed' : 'invalid_response',
        message: `${DISPLAY_NAME} answered HTTP ${result.status} without a documented error body.`,
      });
    }
    const providerCode = answer.output.error.code;
    // The provider may echo what we sent; redact before it reaches a message.
    const providerMessage = runtime.redactor.redactString(answer.output.error.message ?? '');
    return new PaykitError({
      ...context,
      code: errorCodeFor(providerCode),
      providerCode,
      ...(providerMessage ? { providerMessage } : {}),
      message: `${DISPLAY_NAME} refused with ${providerCode}${providerMessage ? `: ${providerMessage}` : ''}.`,
    });
  }

  /** A 2xx answer's payment, or the refusal as a PaykitError. */
  function paymentFrom(result: HttpResult, requestId?: string): {{Name}}PaymentBody {
    const body = readJson(result, { connector: ID, ...(requestId ? { requestId } : {}) });
    if (result.status < 200 || result.status > 299) throw refusal(result, body, requestId);
    return parseResponse(paymentSchema, body, {
      what: `${DISPLAY_NAME} payment`,
      connector: ID,
      ...(requestId ? { requestId } : {}),
    });
  }

  function amountOf(payment: {{Name}}PaymentBody): Money | undefined {
    if (payment.amount === undefined || payment.currency === undefined) return undefined;
    const options = { errorCode: 'invalid_response', connector: ID } as const;
    const amount = toMinorUnits(payment.amount, payment.currency, options);
    return { amount, currency: payment.currency.toUpperCase() };
  }

  return defineConnector({
    id: ID,
    displayName: DISPLAY_NAME,
    capabilities: ['cancelPayment', 'getPayment'],

    async cancelPayment(input): Promise<CancelPaymentResult> {
      // Validation raises invalid_request before anything is sent.
      const { paymentId, requestId = generateRequestId() } = parseInput(cancelInputSchema, input, {
        what: 'cancel input',
        connector: ID,
      });
      const options = parseInput(cancelOptionsSchema, providerOptionsFor(input, ID), {
        what: `providerOptions.${ID}`,
        connector: ID,
      });
      const request: {{Name}}CancelRequest = {
        request_id: requestId,
        ...(options.reason ? { reason: options.reason } : {}),
      };
      const json = JSON.stringify(request);
      const result = await runtime.http.request({
        method: 'POST',
        url: `/v1/payments/${encodePathSegment(paymentId)}/cancel`,
        headers: authorization,
        body: await sign(json),
        refresh: { maxAgeMs: SIGNATURE_MAX_AGE_MS, prepare: () => sign(json) },
        requestId,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const payment = paymentFrom(result, requestId);
      const status = paymentStatusFor(payment.status);
      // A documented state other than a cancel means the provider did not cancel: never resolve.
      if (
        isDocumentedStatus(payment.status) &&
        status !== 'cancelled' &&
        payment.status !== 'CANCEL_PENDING'
      ) {
        throw new PaykitError({
          code: 'provider_error',
          connector: ID,
          providerCode: payment.status,
          httpStatus: result.status,
          requestId,
          message: `${DISPLAY_NAME} answered the cancel with status ${payment.status}.`,
        });
      }
      const amount = amountOf(payment);
      return {
        connector: ID,
        status: status === 'cancelled' ? 'cancelled' : 'pending',
        paymentId,
        requestId,
        providerStatus: payment.status,
        ...(payment.cancellation_id ? { providerReference: payment.cancellation_id } : {}),
        ...(amount ? { amount } : {}),
        raw: payment,
      };
    },

    async getPayment(input): Promise<PaymentStatusResult> {
      const { paymentId } = parseInput(getInputSchema, input, {
        what: 'getPayment input',
        connector: ID,
      });
      const result = await runtime.http.request({
        method: 'GET',
        url: `/v1/payments/${encodePathSegment(paymentId)}`,
        headers: authorization,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const payment = paymentFrom(result);
      const amount = amountOf(payment);
      return {
        connector: ID,
        paymentId,
        status: paymentStatusFor(payment.status),
        providerStatus: payment.status,
        ...(amount ? { amount } : {}),
        raw: payment,
      };
    },
  });
}
