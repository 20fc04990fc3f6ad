import { getPaymentFlow } from '@paykit/core/connector';
import { inputSchemas, queryDataSchema, YABANDPAY_METHODS } from './yabandpay-api.js';
import type { YabandPayContext } from './yabandpay-connector.js';
import { moneyOf, referenceOf, samePayment } from './yabandpay-payment.js';
import { YABANDPAY_ID } from './yabandpay-settings.js';
import { paymentStatusFor } from './yabandpay-status.js';

/** The status query: `v3.QueryOrder`, read from `data.transaction_info`. */
export const createGetPayment = getPaymentFlow(
  YABANDPAY_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal, options }, context: YabandPayContext) => {
    // QueryOrder carries no request id; this one names the call in errors and hooks.
    const tid = context.terminalFor(options.tid, requestId);
    const method = YABANDPAY_METHODS.query;
    const result = await context.send(method, tid, { trade_id: paymentId }, signal, requestId);
    const answer = await context.read(
      result,
      `${method} of trade_id ${paymentId}`,
      queryDataSchema,
      requestId,
    );
    const info = answer.data.transaction_info;
    samePayment(info.trade_id, paymentId, requestId);
    const amount = moneyOf(info);
    const providerReference = referenceOf(info);
    return {
      connector: YABANDPAY_ID,
      paymentId,
      status: paymentStatusFor(info.state),
      providerStatus: info.state,
      ...(providerReference ? { providerReference } : {}),
      ...(amount ? { amount } : {}),
      raw: answer.raw,
    };
  },
);
