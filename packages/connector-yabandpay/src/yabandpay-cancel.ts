import { cancelFlow, runCancel, type StatusQuery } from '@paykit/core/connector';
import {
  cancelDataSchema,
  inputSchemas,
  type PosData,
  type TradeData,
  YABANDPAY_METHODS,
} from './yabandpay-api.js';
import type { YabandPayContext } from './yabandpay-connector.js';
import { moneyOf, referenceOf, samePayment } from './yabandpay-payment.js';
import { YABANDPAY_ID } from './yabandpay-settings.js';
import { cancelStatusFor } from './yabandpay-status.js';

/** The cancel flow: POS reversal (default), POS cancel or silent cancel, confirmed where it must be. */
export const createCancelPayment = cancelFlow(
  YABANDPAY_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal, options }, context: YabandPayContext & StatusQuery) => {
    const tid = context.terminalFor(options.tid, requestId);
    const choice = options.method ?? 'reversal';
    const method = YABANDPAY_METHODS[choice];
    const data: PosData | TradeData =
      choice === 'silent'
        ? { trade_id: paymentId }
        : { tid, trade_id: paymentId, request_id: requestId };
    const action = `${method} of trade_id ${paymentId}`;

    return runCancel({
      connector: YABANDPAY_ID,
      paymentId,
      requestId,
      send: () => context.send(method, tid, data, signal, requestId),
      read: async (result) => {
        const answer = await context.read(result, action, cancelDataSchema, requestId);
        const payment = answer.data;
        samePayment(payment.trade_id, paymentId, requestId);
        const amount = moneyOf(payment);
        const providerReference = referenceOf(payment);
        return {
          connector: YABANDPAY_ID,
          status: cancelStatusFor(payment.state),
          paymentId,
          requestId,
          providerStatus: payment.state,
          ...(providerReference ? { providerReference } : {}),
          ...(amount ? { amount } : {}),
          raw: answer.raw,
        };
      },
      confirm: {
        query: () =>
          context.getPayment({
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
  },
);
