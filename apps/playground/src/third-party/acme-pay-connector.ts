import {
  type CancelPaymentResult,
  type CommonSettings,
  commonSettingsSchema,
  createConnectorRuntime,
  defineConnector,
  encodePathSegment,
  generateRequestId,
  type HttpResult,
  hmacSha256Hex,
  PaykitError,
  parseInput,
  parseResponse,
  parseSettings,
  pathSegment,
  providerOptionsFor,
  readJson,
  requestIdSchema,
} from '@paykit/core';
import * as v from 'valibot';
import { errorAnswerSchema, type VoidRequest, voidAnswerSchema } from './acme-pay-api.js';
import { ACME_ERROR_CODES, voidStatus } from './acme-pay-status.js';

/**
 * "Acme Pay", a fictional provider, connected the way any third party would: with nothing but
 * @paykit/core's public toolkit. Nothing in core knows about it.
 */
export const ACME_PAY_ID = 'acme-pay';
const VERSION = '0.1.0';

export interface AcmePaySettings extends CommonSettings {
  /** `sk_test_…` or `sk_live_…`, sent as a bearer token. */
  apiKey: string;
  /** Signs each request body (HMAC-SHA256). */
  signingSecret: string;
}

const settingsSchema = v.object({
  ...commonSettingsSchema.entries,
  apiKey: v.pipe(
    v.string('must be a string'),
    v.regex(/^sk_(test|live)_\w{8,}$/, 'must look like sk_test_…'),
  ),
  signingSecret: v.pipe(
    v.string('must be a string'),
    v.minLength(16, 'must be at least 16 characters'),
  ),
});

const inputSchema = v.object({
  paymentId: pathSegment(64),
  requestId: v.optional(requestIdSchema(64)),
});

const optionsSchema = v.strictObject({
  reason: v.optional(
    v.picklist(
      ['requested_by_customer', 'duplicate', 'fraudulent'],
      'must be "requested_by_customer", "duplicate" or "fraudulent"',
    ),
  ),
});

export function createAcmePay(settings: AcmePaySettings) {
  const secrets = [settings?.apiKey, settings?.signingSecret];
  const parsed = parseSettings(settingsSchema, settings, {
    what: 'acme-pay settings',
    connector: ACME_PAY_ID,
    secrets,
  });
  const runtime = createConnectorRuntime({
    connector: ACME_PAY_ID,
    connectorVersion: VERSION,
    settings: parsed,
    baseUrls: {
      sandbox: 'https://sandbox.acme-pay.invalid',
      production: 'https://api.acme-pay.invalid',
    },
    secrets,
  });

  async function sign(body: string) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const stringToSign = `${timestamp}.${body}`;
    const signature = await hmacSha256Hex(parsed.signingSecret, stringToSign);
    return {
      body,
      headers: { 'acme-signature': `t=${timestamp},v1=${signature}` },
      signing: { stringToSign, signature },
    };
  }

  function refusal(result: HttpResult, body: unknown, requestId: string): PaykitError {
    const answer = v.safeParse(errorAnswerSchema, body);
    const providerCode = answer.success ? answer.output.error.code : undefined;
    const providerMessage = answer.success ? answer.output.error.message : undefined;
    const code =
      (providerCode && ACME_ERROR_CODES[providerCode]) ||
      (result.status === 401 || result.status === 403 ? 'authentication_failed' : 'provider_error');
    return new PaykitError({
      code,
      connector: ACME_PAY_ID,
      httpStatus: result.status,
      requestId,
      ...(providerCode ? { providerCode } : {}),
      ...(providerMessage ? { providerMessage } : {}),
      message: runtime.redactor.redactString(
        `Acme Pay refused the void (HTTP ${result.status}${providerCode ? `, ${providerCode}` : ''})${providerMessage ? `: ${providerMessage}` : '.'}`,
      ),
    });
  }

  return defineConnector({
    id: ACME_PAY_ID,
    displayName: 'Acme Pay (third-party)',
    capabilities: ['cancelPayment'],
    async cancelPayment(input): Promise<CancelPaymentResult> {
      const context = { what: 'cancel input', connector: ACME_PAY_ID };
      const { paymentId, requestId = generateRequestId(24) } = parseInput(
        inputSchema,
        input,
        context,
      );
      const options = parseInput(optionsSchema, providerOptionsFor(input, ACME_PAY_ID), {
        what: 'acme-pay options',
        connector: ACME_PAY_ID,
      });
      const payload: VoidRequest = {
        request_id: requestId,
        ...(options.reason ? { reason: options.reason } : {}),
      };
      const result = await runtime.http.request({
        method: 'POST',
        url: `/v1/payments/${encodePathSegment(paymentId)}/void`,
        headers: { authorization: `Bearer ${parsed.apiKey}` },
        body: await sign(JSON.stringify(payload)),
        requestId,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const body = readJson(result, { connector: ACME_PAY_ID, requestId });
      if (result.status < 200 || result.status > 299) throw refusal(result, body, requestId);
      const answer = parseResponse(voidAnswerSchema, body, {
        what: 'Acme Pay answer',
        connector: ACME_PAY_ID,
        requestId,
      });
      return {
        connector: ACME_PAY_ID,
        status: voidStatus(answer.status),
        paymentId,
        requestId,
        providerStatus: answer.status,
        ...(answer.void_id ? { providerReference: answer.void_id } : {}),
        ...(answer.amount !== undefined && answer.currency
          ? { amount: { amount: answer.amount, currency: answer.currency } }
          : {}),
        raw: body,
      };
    },
  });
}
