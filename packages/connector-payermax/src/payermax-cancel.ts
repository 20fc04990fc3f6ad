import {
  type CancelPaymentInput,
  type CancelPaymentResult,
  cancelInputSchema,
  generateRequestId,
  parseInput,
  parseResponse,
  readProviderOptions,
  runCancel,
} from '@paykit/core';
import {
  cancelAnswerDataSchema,
  optionsSchema,
  paymentIdSchema,
  requestIdSchema,
} from './payermax-api.js';
import type { PayerMaxContext, PayerMaxProviderOptions } from './payermax-connector.js';
import { sameOrder } from './payermax-payment.js';
import { refusal } from './payermax-response.js';
import { PAYERMAX_ID } from './payermax-settings.js';
import { cancelStatusOf, failedCancelCodeOf } from './payermax-status.js';

const inputSchema = cancelInputSchema(paymentIdSchema, requestIdSchema);

/**
 * The cancel flow. PayerMax's `requestId` is idempotent: a retry, or the merchant's own repeat
 * with the same requestId, is answered with the same cancel. orderQuery cannot show a cancel,
 * so nothing is confirmed with it: a PENDING cancel ends by the CANCEL notification or a repeat.
 */
export function createCancelPayment(context: PayerMaxContext) {
  return async function cancelPayment(
    input: CancelPaymentInput<PayerMaxProviderOptions>,
  ): Promise<CancelPaymentResult> {
    const valid = parseInput(inputSchema, input, { what: 'cancel input', connector: PAYERMAX_ID });
    const { paymentId, signal } = valid;
    const requestId = valid.requestId ?? generateRequestId();
    readProviderOptions(optionsSchema, input, PAYERMAX_ID, requestId);
    return runCancel({
      connector: PAYERMAX_ID,
      paymentId,
      requestId,
      send: () => context.send('cancel', { requestId, outTradeNo: paymentId }, requestId, signal),
      read: async (result) => {
        const answer = await context.read(result, requestId);
        const data = parseResponse(cancelAnswerDataSchema, answer.envelope.data, {
          what: 'PayerMax cancel answer',
          connector: PAYERMAX_ID,
          requestId,
        });
        sameOrder(data, { outTradeNo: paymentId, requestId }, requestId, result.status);
        const status = cancelStatusOf(data.status);
        if (status === 'failed') {
          throw refusal(answer.context, {
            code: failedCancelCodeOf(data.errorCode),
            providerCode: data.errorCode || data.status,
            providerMessage: data.errorMsg,
            httpStatus: result.status,
            what: 'could not cancel the payment',
          });
        }
        return {
          connector: PAYERMAX_ID,
          status,
          paymentId,
          requestId,
          providerStatus: data.status,
          ...(data.cancelNo ? { providerReference: data.cancelNo } : {}),
          raw: answer.envelope,
        };
      },
    });
  };
}
