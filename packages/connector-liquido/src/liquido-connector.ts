import {
  type CancelPaymentResult,
  createConnectorRuntime,
  defineConnector,
  encodePathSegment,
  type GetPaymentInput,
  generateRequestId,
  type HttpRequest,
  type HttpResult,
  PaykitError,
  type PaymentStatusResult,
  parseInput,
  parseJsonOrUndefined,
  parseResponse,
  parseSettings,
  pathSegment,
  providerOptionsFor,
  readJson,
  requestIdSchema,
  runCancel,
} from '@paykit/core';
import * as v from 'valibot';
import { version } from '../package.json';
import { type ChargeAnswer, chargeAnswerSchema, statusWordOf } from './liquido-api.js';
import { moneyOf, providerReferenceOf } from './liquido-money.js';
import {
  LIQUIDO_URLS,
  type LiquidoSettings,
  liquidoSettingsSchema,
  resolveAuthUrl,
} from './liquido-settings.js';
import { cancelOutcomeOf, paymentStatusOf, refusalCodeOf } from './liquido-status.js';
import { createTokenSource } from './liquido-token.js';
import { createWebhookVerifier } from './liquido-webhook.js';

const CONNECTOR = 'liquido';

// Liquido's idempotencyKey travels in the URL path.
const cancelInputSchema = v.object({
  paymentId: pathSegment(64),
  requestId: v.optional(requestIdSchema(64)),
  signal: v.optional(v.instance(AbortSignal, 'must be an AbortSignal')),
});
const getInputSchema = v.object({
  paymentId: pathSegment(64),
  signal: v.optional(v.instance(AbortSignal, 'must be an AbortSignal')),
});
const optionsSchema = v.object({
  target: v.optional(
    v.picklist(['charge', 'reference'], 'must be "charge" or "reference"'),
    'charge',
  ),
});

const PATHS = {
  charge: (key: string) => `/v1/payments/charges/cancel/${key}`,
  reference: (key: string) => `/v1/payments/charges/references/cancel/${key}`,
  get: (key: string) => `/v1/payments/charges/${key}`,
} as const;

const asString = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The Liquido connector: cancel a charge or a PayCash reference, look a charge up, verify webhooks. */
export function createLiquido(settings: LiquidoSettings) {
  const raw = settings as Partial<Record<keyof LiquidoSettings, unknown>> | undefined;
  const parsed = parseSettings(liquidoSettingsSchema, settings, {
    what: 'Liquido settings',
    connector: CONNECTOR,
    secrets: [asString(raw?.clientId), asString(raw?.clientSecret), asString(raw?.apiKey)],
  });
  const runtime = createConnectorRuntime({
    connector: CONNECTOR,
    connectorVersion: version,
    // Core hides the access_token field of the token answer by name, and the token itself
    // once it is known (the token source adds it to the redactor).
    settings: parsed,
    baseUrls: { sandbox: LIQUIDO_URLS.sandbox.api, production: LIQUIDO_URLS.production.api },
    secrets: [parsed.clientSecret, parsed.apiKey],
  });
  const { redactor } = runtime;
  const tokens = createTokenSource({
    http: runtime.http,
    redactor,
    connector: CONNECTOR,
    authUrl: resolveAuthUrl(parsed),
    clientId: parsed.clientId,
    clientSecret: parsed.clientSecret,
  });

  /**
   * Sends with a bearer token. A 401 means the token died early (revoked, or the clocks
   * disagree): one new token, one retry; a second 401 is final.
   */
  async function sendAuthorized(
    request: Omit<HttpRequest, 'headers'>,
    requestId: string,
  ): Promise<HttpResult> {
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(request.signal, requestId);
      const token = await tokens.get(requestId);
      // The shared token request does not take the caller's signal, so look again after it.
      throwIfAborted(request.signal, requestId);
      const result = await runtime.http.request({
        ...request,
        headers: { authorization: `Bearer ${token}`, 'x-api-key': parsed.apiKey },
      });
      if (result.status !== 401 && result.status !== 403) return result;
      if (result.status === 401) tokens.invalidate(token);
      if (result.status === 403 || attempt === 2) {
        throw new PaykitError({
          code: 'authentication_failed',
          connector: CONNECTOR,
          httpStatus: result.status,
          requestId,
          message:
            result.status === 401
              ? 'Liquido refused a freshly issued access token too (HTTP 401); check apiKey, clientId and clientSecret.'
              : 'Liquido refused the request (HTTP 403); check apiKey and what the account may do.',
        });
      }
    }
  }

  /** Reads an answer; every refusal rejects with the provider's words kept. */
  function readAnswer(
    result: HttpResult,
    action: string,
    paymentId: string,
    requestId: string,
  ): { answer: ChargeAnswer; body: unknown } {
    const context = { connector: CONNECTOR, requestId };
    const failed = result.status < 200 || result.status >= 300;
    // A refusal is a refusal whatever its body; only a 2xx must be Liquido's JSON.
    const body = failed ? parseJsonOrUndefined(result.text) : readJson(result, context);
    const answer = v.safeParse(chargeAnswerSchema, body);
    const transferStatusCode = answer.success
      ? (answer.output.transferStatusCode ?? undefined)
      : undefined;
    const rawMessage = answer.success
      ? (answer.output.transferErrorMsg ?? asString((body as { message?: unknown }).message))
      : undefined;
    const providerMessage = rawMessage ? redactor.snippet(rawMessage) : undefined;
    if (failed || (transferStatusCode !== undefined && transferStatusCode !== 200)) {
      const code =
        result.status === 404
          ? 'payment_not_found'
          : refusalCodeOf(providerMessage, transferStatusCode ?? result.status);
      const providerCode = String(transferStatusCode ?? result.status);
      throw new PaykitError({
        code,
        connector: CONNECTOR,
        httpStatus: result.status,
        requestId,
        providerCode,
        ...(providerMessage ? { providerMessage } : {}),
        message:
          result.status === 404 && !providerMessage
            ? `Liquido does not know payment "${paymentId}" (HTTP 404).`
            : `Liquido refused to ${action} payment "${paymentId}": ${providerMessage ?? 'no reason given'} (HTTP ${result.status}${transferStatusCode === undefined ? '' : `, transferStatusCode ${transferStatusCode}`}).`,
      });
    }
    const parsedAnswer = parseResponse(chargeAnswerSchema, body, {
      ...context,
      what: 'Liquido answer',
    });
    if (parsedAnswer.idempotencyKey && parsedAnswer.idempotencyKey !== paymentId) {
      throw new PaykitError({
        code: 'invalid_response',
        connector: CONNECTOR,
        requestId,
        message: `Liquido answered about payment "${parsedAnswer.idempotencyKey}" instead of "${paymentId}".`,
      });
    }
    if (!statusWordOf(parsedAnswer)) {
      throw new PaykitError({
        code: 'invalid_response',
        connector: CONNECTOR,
        requestId,
        message: `Liquido's answer about payment "${paymentId}" has no transferStatus or status.`,
      });
    }
    return { answer: parsedAnswer, body };
  }

  /** A cancel answer: the outcome Liquido stated, or its refusal. */
  function readCancel(
    result: HttpResult,
    paymentId: string,
    requestId: string,
  ): CancelPaymentResult {
    const { answer, body } = readAnswer(result, 'cancel', paymentId, requestId);
    const providerStatus = statusWordOf(answer)!;
    const outcome = cancelOutcomeOf(providerStatus);
    if (outcome === 'refused') {
      throw new PaykitError({
        code: 'not_cancellable',
        connector: CONNECTOR,
        httpStatus: result.status,
        requestId,
        providerCode: providerStatus,
        message: `Liquido answered the cancel of payment "${paymentId}" with state ${providerStatus}: it was not cancelled.`,
      });
    }
    const amount = moneyOf(answer);
    const providerReference = providerReferenceOf(answer);
    return {
      connector: CONNECTOR,
      status: outcome,
      paymentId,
      requestId,
      providerStatus,
      ...(providerReference ? { providerReference } : {}),
      ...(amount ? { amount } : {}),
      raw: body,
    };
  }

  async function getPayment(input: GetPaymentInput): Promise<PaymentStatusResult> {
    const { paymentId } = parseInput(getInputSchema, input, {
      what: 'getPayment input',
      connector: CONNECTOR,
    });
    const requestId = generateRequestId();
    const result = await sendAuthorized(
      {
        method: 'GET',
        url: PATHS.get(encodePathSegment(paymentId)),
        requestId,
        ...(input.signal ? { signal: input.signal } : {}),
      },
      requestId,
    );
    const { answer, body } = readAnswer(result, 'look up', paymentId, requestId);
    const providerStatus = statusWordOf(answer)!;
    const amount = moneyOf(answer);
    const providerReference = providerReferenceOf(answer);
    return {
      connector: CONNECTOR,
      paymentId,
      status: paymentStatusOf(providerStatus),
      providerStatus,
      ...(providerReference ? { providerReference } : {}),
      ...(amount ? { amount } : {}),
      raw: body,
    };
  }

  return defineConnector({
    id: CONNECTOR,
    displayName: 'Liquido',
    capabilities: ['cancelPayment', 'getPayment', 'verifyWebhook'],

    async cancelPayment(input): Promise<CancelPaymentResult> {
      const { paymentId, requestId = generateRequestId() } = parseInput(cancelInputSchema, input, {
        what: 'cancel input',
        connector: CONNECTOR,
      });
      const { target } = parseInput(
        optionsSchema,
        providerOptionsFor(input, CONNECTOR, requestId),
        { what: 'providerOptions.liquido', connector: CONNECTOR, requestId },
      );
      const signal = input.signal;
      return runCancel({
        connector: CONNECTOR,
        paymentId,
        // Liquido has no request id on the wire: this one is the caller's, or ours, for logs.
        requestId,
        send: () =>
          sendAuthorized(
            {
              method: 'POST',
              url: PATHS[target](encodePathSegment(paymentId)),
              requestId,
              ...(signal ? { signal } : {}),
            },
            requestId,
          ),
        read: (result) => readCancel(result, paymentId, requestId),
        // "Already cancelled" answering a retry: the attempt whose answer was lost did it.
        confirm: {
          query: () => getPayment({ paymentId, ...(signal ? { signal } : {}) }),
          retryEchoes: ['already_cancelled'],
        },
      });
    },

    getPayment,

    verifyWebhook: createWebhookVerifier({
      connector: CONNECTOR,
      clientSecret: parsed.clientSecret,
      toleranceSeconds: parsed.webhookToleranceSeconds,
    }),
  });
}

function throwIfAborted(signal: AbortSignal | undefined, requestId: string): void {
  if (!signal?.aborted) return;
  throw new PaykitError({
    code: 'network_error',
    retryable: false,
    connector: CONNECTOR,
    requestId,
    message: 'The request to liquido was aborted by the caller.',
  });
}
