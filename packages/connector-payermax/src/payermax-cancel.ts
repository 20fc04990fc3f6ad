import { cancelFlow, refusalError, runCancel } from '@paykit/core/connector';
import { cancelAnswerDataSchema, inputSchemas } from './payermax-api.js';
import type { PayerMaxContext } from './payermax-connector.js';
import { sameOrder } from './payermax-payment.js';
import { PAYERMAX_DISPLAY_NAME, PAYERMAX_ID } from './payermax-settings.js';
import { cancelStatusOf, failedCancelCodeOf } from './payermax-status.js';

/**
 * The cancel flow. PayerMax's `requestId` is idempotent: a retry, or the merchant's own repeat
 * with the same requestId, is answered with the same cancel. orderQuery cannot show a cancel,
 * so nothing is confirmed with it: a PENDING cancel ends by the CANCEL notification or a repeat.
 */
export const createCancelPayment = cancelFlow(
  PAYERMAX_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal }, context: PayerMaxContext) => {
    return runCancel({
      connector: PAYERMAX_ID,
      paymentId,
      requestId,
      send: () => context.send('cancel', { requestId, outTradeNo: paymentId }, requestId, signal),
      read: async (result) => {
        const action = `the cancel of outTradeNo ${paymentId}`;
        const answer = await context.read(result, action, cancelAnswerDataSchema, requestId);
        const data = answer.data;
        sameOrder(data, { outTradeNo: paymentId, requestId }, requestId, result.status);
        const status = cancelStatusOf(data.status);
        // Accepted, then FAILED: a refusal stated in the answer's data, signed like the rest.
        if (status === 'failed') {
          throw refusalError(
            {
              code: failedCancelCodeOf(data.errorCode),
              providerCode: data.errorCode || data.status,
              providerMessage: data.errorMsg,
            },
            {
              connector: PAYERMAX_ID,
              displayName: PAYERMAX_DISPLAY_NAME,
              action,
              requestId,
              redactor: context.runtime.redactor,
              httpStatus: result.status,
            },
          );
        }
        return {
          connector: PAYERMAX_ID,
          status,
          paymentId,
          requestId,
          providerStatus: data.status,
          ...(data.cancelNo ? { providerReference: data.cancelNo } : {}),
          raw: answer.raw,
        };
      },
    });
  },
);
