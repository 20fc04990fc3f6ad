import { reportedAmount } from '@paykit/core';
import { getPaymentFlow } from '@paykit/core/connector';
import { inputSchemas, orderAnswerDataSchema } from './payermax-api.js';
import type { PayerMaxContext } from './payermax-connector.js';
import { decimalAmount, sameOrder } from './payermax-payment.js';
import { PAYERMAX_ID } from './payermax-settings.js';
import { orderStatusOf } from './payermax-status.js';

/**
 * The order's state through `orderQuery`. It tells an authorisation (`authorized`) from a paid,
 * pending, failed or expired order, but not a captured or cancelled authorisation from one that
 * is still open (PayerMax documents no field for either): it does not confirm cancels.
 */
export const createGetPayment = getPaymentFlow(
  PAYERMAX_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal }, context: PayerMaxContext) => {
    // orderQuery takes no request id; this one names the call in errors and hooks.
    const result = await context.send('orderQuery', { outTradeNo: paymentId }, requestId, signal);
    const action = `the orderQuery of outTradeNo ${paymentId}`;
    const { data, raw } = await context.read(result, action, orderAnswerDataSchema, requestId);
    sameOrder(data, { outTradeNo: paymentId }, requestId, result.status);
    const amount = reportedAmount(() => decimalAmount(data.totalAmount, data.currency));
    const tradeToken = typeof data.tradeToken === 'string' ? data.tradeToken : undefined;
    return {
      connector: PAYERMAX_ID,
      paymentId,
      status: orderStatusOf(data.status, data.captureMode),
      providerStatus: data.status,
      ...(tradeToken ? { providerReference: tradeToken } : {}),
      ...(amount ? { amount } : {}),
      raw,
    };
  },
);
