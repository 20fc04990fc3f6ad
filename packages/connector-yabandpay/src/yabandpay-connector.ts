import { type CompleteConnector, PaykitError } from '@paykit/core';
import {
  assembleConnector,
  type ConnectorRuntime,
  createConnectorRuntime,
  createHmacSha256Signer,
  type HttpResult,
  parseSettings,
} from '@paykit/core/connector';
import type * as v from 'valibot';
import { VERSION } from './version.js';
import {
  type PosData,
  successSchema,
  type TradeData,
  type YabandPayApiMethod,
  type YabandPayProviderOptions,
} from './yabandpay-api.js';
import { createCancelPayment } from './yabandpay-cancel.js';
import { createGetPayment } from './yabandpay-get-payment.js';
import {
  type ParsedSettings,
  settingsSchema,
  YABANDPAY_BASE_URL,
  YABANDPAY_DISPLAY_NAME,
  YABANDPAY_ID,
  type YabandPaySettings,
} from './yabandpay-settings.js';
import { signRequest } from './yabandpay-signing.js';
import { refusalOf } from './yabandpay-status.js';
import { createYabandPayWebhookVerifier } from './yabandpay-webhook.js';

/** What `createYabandPay` makes: reversal and cancels, `QueryOrder`, notifications. */
export type YabandPayConnector = CompleteConnector<YabandPayProviderOptions>;

/** What the flows share: the runtime, the terminal, and one signed call to `POST /Payments`. */
export interface YabandPayContext {
  runtime: ConnectorRuntime;
  /** The terminal to act on: the option, else the settings' default; none is `invalid_request`. */
  terminalFor(tid: string | undefined, requestId?: string): string;
  /** Signs once and sends; the HTTP layer resends these same bytes on every retry. */
  send(
    method: YabandPayApiMethod,
    user: string,
    data: PosData | TradeData,
    signal: AbortSignal | undefined,
    requestId?: string,
  ): Promise<HttpResult>;
  /** Reads an answer whose `data` has the shape given. */
  read<D extends v.GenericSchema>(
    result: HttpResult,
    action: string,
    data: D,
    requestId?: string,
  ): Promise<{ data: v.InferOutput<D>; raw: unknown }>;
}

/** Creates the YabandPay connector: POS reversal, POS cancel and silent cancel, order query, notifications. */
export function createYabandPay(settings: YabandPaySettings): YabandPayConnector {
  const parsed: ParsedSettings = parseSettings(settingsSchema, settings, {
    connector: YABANDPAY_ID,
    what: 'YabandPay settings',
    secrets: [settings?.secretKey],
  });
  const runtime = createConnectorRuntime({
    connector: YABANDPAY_ID,
    displayName: YABANDPAY_DISPLAY_NAME,
    connectorVersion: VERSION,
    settings: parsed,
    baseUrls: { sandbox: YABANDPAY_BASE_URL, production: YABANDPAY_BASE_URL },
    secrets: [parsed.secretKey],
  });
  const now = parsed.now ?? Date.now;
  const hmac = createHmacSha256Signer(parsed.secretKey);

  const context: YabandPayContext = {
    runtime,
    terminalFor(tid, requestId) {
      const terminal = tid ?? parsed.tid;
      if (terminal) return terminal;
      throw new PaykitError({
        code: 'invalid_request',
        connector: YABANDPAY_ID,
        ...(requestId ? { requestId } : {}),
        message:
          'No YabandPay terminal id: set `tid` in the settings or providerOptions.yabandpay.tid.',
      });
    },
    async send(method, user, data, signal, requestId) {
      const signed = await signRequest(hmac, {
        user,
        method,
        time: Math.floor(now() / 1000),
        data,
      });
      return runtime.http.request({
        method: 'POST',
        url: '/Payments',
        body: {
          body: signed.body,
          signing: { stringToSign: signed.stringToSign, signature: signed.envelope.sign },
        },
        ...(requestId ? { requestId } : {}),
        ...(signal ? { signal } : {}),
      });
    },
    async read(result, action, data, requestId) {
      const { answer, body } = await runtime.readAnswer(result, {
        action,
        success: successSchema(data),
        refusal: refusalOf,
        ...(requestId ? { requestId } : {}),
      });
      return { data: answer.data, raw: body };
    },
  };

  return assembleConnector(runtime, context, {
    getPayment: createGetPayment,
    cancelPayment: createCancelPayment,
    verifyWebhook: createYabandPayWebhookVerifier(hmac),
  });
}
