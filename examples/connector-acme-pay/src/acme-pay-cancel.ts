import { PaykitError } from '@paykit/core';
import { cancelFlow, encodePathSegment, runCancel, type StatusQuery } from '@paykit/core/connector';
import { type AcmePayCancelRequest, inputSchemas, paymentSchema } from './acme-pay-api.js';
import type { AcmePayContext } from './acme-pay-connector.js';
import { moneyOf, referenceOf, samePayment } from './acme-pay-payment.js';
import { ACME_PAY_DISPLAY_NAME, ACME_PAY_ID } from './acme-pay-settings.js';
import { cancelOutcomeFor } from './acme-pay-status.js';

/**
 * The cancel flow: `POST /v1/payments/{paymentId}/cancel`, confirmed where it must be. Core has
 * read the input by `inputSchemas` (invalid_request before anything is sent).
 */
export const createCancelPayment = cancelFlow(
  ACME_PAY_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal, options }, context: AcmePayContext & StatusQuery) => {
    const request: AcmePayCancelRequest = {
      request_id: requestId,
      ...(options.reason ? { reason: options.reason } : {}),
    };
    const json = JSON.stringify(request);

    return runCancel({
      connector: ACME_PAY_ID,
      paymentId,
      requestId,
      send: () =>
        context.send({
          method: 'POST',
          url: `/v1/payments/${encodePathSegment(paymentId)}/cancel`,
          json,
          requestId,
          signal,
        }),
      read: async (result) => {
        const { answer, raw } = await context.read(
          result,
          `the cancel of payment "${paymentId}"`,
          paymentSchema,
          requestId,
        );
        samePayment(answer, paymentId, requestId);
        const outcome = cancelOutcomeFor(answer.status);
        // A final state other than a cancel means the provider did not cancel: never resolve.
        if (outcome === 'refused') {
          throw new PaykitError({
            code: 'not_cancellable',
            connector: ACME_PAY_ID,
            httpStatus: result.status,
            requestId,
            providerCode: answer.status,
            message: `${ACME_PAY_DISPLAY_NAME} answered the cancel of payment "${paymentId}" with status ${answer.status}: it was not cancelled.`,
          });
        }
        const amount = moneyOf(answer);
        const providerReference = referenceOf(answer);
        return {
          connector: ACME_PAY_ID,
          status: outcome,
          paymentId,
          requestId,
          providerStatus: answer.status,
          ...(providerReference ? { providerReference } : {}),
          ...(amount ? { amount } : {}),
          raw,
        };
      },
      // An answer that does not prove how the cancel ended is settled by the status query. The
      // provider answers a repeated request_id with its first answer; "already cancelled" after
      // an attempt whose answer was lost most likely means that attempt did it.
      confirm: {
        query: () => context.getPayment({ paymentId, ...(signal ? { signal } : {}) }),
        retryEchoes: ['already_cancelled'],
      },
    });
  },
);
