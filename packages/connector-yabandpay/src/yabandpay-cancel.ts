import type { CancelPaymentInput, CancelPaymentResult } from '@paykit/core';
import { cancelInputReader, runCancel } from '@paykit/core/connector';
import {
  cancelDataSchema,
  cancelOptionsSchema,
  type PosData,
  paymentIdSchema,
  requestIdSchema,
  type TradeData,
  YABANDPAY_METHODS,
  type YabandPayOptions,
} from './yabandpay-api.js';
import type { YabandPayContext } from './yabandpay-connector.js';
import type { createGetPayment } from './yabandpay-get-payment.js';
import { moneyOf, referenceOf, samePayment } from './yabandpay-payment.js';
import { YABANDPAY_ID } from './yabandpay-settings.js';
import { cancelStatusFor } from './yabandpay-status.js';

const readInput = cancelInputReader({
  connector: YABANDPAY_ID,
  paymentId: paymentIdSchema,
  requestId: requestIdSchema,
  options: cancelOptionsSchema,
});

/** The cancel flow: POS reversal (default), POS cancel or silent cancel, confirmed where it must be. */
export function createCancelPayment(
  context: YabandPayContext,
  getPayment: ReturnType<typeof createGetPayment>,
) {
  return async function cancelPayment(
    input: CancelPaymentInput<{ yabandpay?: YabandPayOptions }>,
  ): Promise<CancelPaymentResult> {
    const { paymentId, requestId, signal, options } = readInput(input);
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
  };
}
