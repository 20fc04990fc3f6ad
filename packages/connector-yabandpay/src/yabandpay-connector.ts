import {
  type CancelPaymentInput,
  type CancelPaymentResult,
  type Connector,
  createConnectorRuntime,
  createHmacSha256Signer,
  defineConnector,
  type GetPaymentInput,
  generateRequestId,
  type HttpResult,
  PaykitError,
  type PaymentStatusResult,
  parseInput,
  parseResponse,
  parseSettings,
  providerOptionsFor,
  runCancel,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import * as v from 'valibot';
import { version } from '../package.json';
import { readAnswer } from './yabandpay-answer.js';
import {
  cancelDataSchema,
  IDENTIFIER,
  type PosData,
  queryDataSchema,
  REQUEST_ID,
  type TradeData,
  YABANDPAY_METHODS,
  type YabandPayApiMethod,
  type YabandPayCancelMethod,
} from './yabandpay-api.js';

import { moneyOf } from './yabandpay-money.js';
import {
  type ParsedSettings,
  settingsSchema,
  terminalIdSchema,
  YABANDPAY_BASE_URL,
  type YabandPaySettings,
} from './yabandpay-settings.js';
import { signRequest } from './yabandpay-signing.js';
import { cancelStatusFor, paymentStatusFor } from './yabandpay-status.js';
import { verifyNotification } from './yabandpay-webhook.js';

const ID = 'yabandpay';

/** A YabandPay connector: every capability is implemented, so the optional methods are not optional. */
export type YabandPayConnector = Connector & {
  getPayment(input: GetPaymentInput): Promise<PaymentStatusResult>;
  verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent>;
};

const paymentIdSchema = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.maxLength(64, 'must be at most 64 characters'),
  v.regex(IDENTIFIER, 'may hold only letters, digits, "-" and "_"'),
);

const requestIdSchema = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.maxLength(64, 'must be at most 64 characters'),
  v.regex(REQUEST_ID, 'may hold only letters and digits (YabandPay asks for 24 or more)'),
);

const signalSchema = v.optional(
  v.custom<AbortSignal>((s) => s instanceof AbortSignal, 'must be an AbortSignal'),
);

// Strict, so that a misspelt `method` fails loudly instead of running a reversal.
const cancelOptionsSchema = v.strictObject({
  tid: v.optional(terminalIdSchema),
  method: v.optional(
    v.picklist(['reversal', 'cancel', 'silent'], 'must be "reversal", "cancel" or "silent"'),
  ),
});

const cancelInputSchema = v.object({
  paymentId: paymentIdSchema,
  requestId: v.optional(requestIdSchema),
  signal: signalSchema,
});

const getInputSchema = v.object({ paymentId: paymentIdSchema, signal: signalSchema });
const getOptionsSchema = v.object({ tid: v.optional(terminalIdSchema) });

function checkSamePayment(
  answered: string | undefined,
  paymentId: string,
  requestId?: string,
): void {
  if (answered === undefined || answered === paymentId) return;
  throw new PaykitError({
    code: 'invalid_response',
    connector: ID,
    ...(requestId ? { requestId } : {}),
    message: `YabandPay answered about trade_id ${answered}, not ${paymentId}.`,
  });
}

/** Creates the YabandPay connector: POS reversal, POS cancel and silent cancel, order query, notifications. */
export function createYabandPay(settings: YabandPaySettings): YabandPayConnector {
  const parsed: ParsedSettings = parseSettings(settingsSchema, settings, {
    connector: ID,
    what: 'YabandPay settings',
    secrets: [settings?.secretKey],
  });
  const runtime = createConnectorRuntime({
    connector: ID,
    connectorVersion: version,
    settings: parsed,
    baseUrls: { sandbox: YABANDPAY_BASE_URL, production: YABANDPAY_BASE_URL },
    secrets: [parsed.secretKey],
  });
  const now = parsed.now ?? Date.now;
  const hmac = createHmacSha256Signer(parsed.secretKey);
  const secrets = [parsed.secretKey];
  function terminalFor(tid: string | undefined, requestId?: string): string {
    const terminal = tid ?? parsed.tid;
    if (terminal) return terminal;
    throw new PaykitError({
      code: 'invalid_request',
      connector: ID,
      ...(requestId ? { requestId } : {}),
      message:
        'No YabandPay terminal id: set `tid` in the settings or providerOptions.yabandpay.tid.',
    });
  }

  /** Signs once and sends; the HTTP layer resends these same bytes on every retry. */
  async function send(
    method: YabandPayApiMethod,
    user: string,
    data: PosData | TradeData,
    signal: AbortSignal | undefined,
    requestId?: string,
  ): Promise<HttpResult> {
    const time = Math.floor(now() / 1000);
    const signed = await signRequest(hmac, { user, method, time, data });
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
  }

  function read(result: HttpResult, action: string, requestId?: string) {
    return readAnswer(result, {
      action,
      redactor: runtime.redactor,
      secrets,
      ...(requestId ? { requestId } : {}),
    });
  }

  async function cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentResult> {
    const valid = parseInput(cancelInputSchema, input, { connector: ID, what: 'cancel input' });
    const requestId = valid.requestId ?? generateRequestId(32);
    const options = parseInput(cancelOptionsSchema, providerOptionsFor(input, ID, requestId), {
      connector: ID,
      what: 'providerOptions.yabandpay',
      requestId,
    });
    const tid = terminalFor(options.tid, requestId);
    const choice: YabandPayCancelMethod = options.method ?? 'reversal';
    const method = YABANDPAY_METHODS[choice];
    const { paymentId, signal } = valid;
    const data: PosData | TradeData =
      choice === 'silent'
        ? { trade_id: paymentId }
        : { tid, trade_id: paymentId, request_id: requestId };
    const action = `${method} of trade_id ${paymentId}`;

    return runCancel({
      connector: ID,
      paymentId,
      requestId,
      send: () => send(method, tid, data, signal, requestId),
      read: (result) => {
        const answer = read(result, action, requestId);
        const context = { connector: ID, what: `YabandPay ${method} answer`, requestId, secrets };
        const payment = parseResponse(cancelDataSchema, answer.data, context);
        checkSamePayment(payment.trade_id, paymentId, requestId);
        const amount = moneyOf(payment);
        return {
          connector: ID,
          status: cancelStatusFor(payment.state),
          paymentId,
          requestId,
          providerStatus: payment.state,
          ...(payment.order_id !== undefined && payment.order_id !== ''
            ? { providerReference: String(payment.order_id) }
            : {}),
          ...(amount ? { amount } : {}),
          raw: answer.raw,
        };
      },
      confirm: {
        query: () =>
          getPayment({
            paymentId,
            providerOptions: { yabandpay: { tid } },
            ...(signal ? { signal } : {}),
          }),
        // A request_id YabandPay saw before may be this very cancel, sent by a call whose answer
        // was lost: every -3002 is looked up, and so is "already cancelled" answering a retry.
        echoes: ['duplicate_request'],
        retryEchoes: ['already_cancelled'],
        // 00 (paid) while the terminal still runs the reversal, 02, 03, 04: still moving.
        moving: ['succeeded', 'pending'],
      },
    });
  }

  async function getPayment(input: GetPaymentInput): Promise<PaymentStatusResult> {
    const valid = parseInput(getInputSchema, input, { connector: ID, what: 'getPayment input' });
    const options = parseInput(getOptionsSchema, providerOptionsFor(input, ID), {
      connector: ID,
      what: 'providerOptions.yabandpay',
    });
    const tid = terminalFor(options.tid);
    const method = YABANDPAY_METHODS.query;
    const action = `${method} of trade_id ${valid.paymentId}`;
    const answer = read(
      await send(method, tid, { trade_id: valid.paymentId }, valid.signal),
      action,
    );
    const what = `YabandPay ${method} answer`;
    const info = parseResponse(queryDataSchema, answer.data, {
      connector: ID,
      what,
      secrets,
    }).transaction_info;
    checkSamePayment(info.trade_id, valid.paymentId);
    const amount = moneyOf(info);
    return {
      connector: ID,
      paymentId: valid.paymentId,
      status: paymentStatusFor(info.state),
      providerStatus: info.state,
      ...(info.order_id !== undefined && info.order_id !== ''
        ? { providerReference: String(info.order_id) }
        : {}),
      ...(amount ? { amount } : {}),
      raw: answer.raw,
    };
  }

  return defineConnector({
    id: ID,
    displayName: 'YabandPay',
    capabilities: ['cancelPayment', 'getPayment', 'verifyWebhook'] as const,
    cancelPayment,
    getPayment,
    verifyWebhook: (input: VerifyWebhookInput) => verifyNotification(input, hmac, runtime.redactor),
  });
}
