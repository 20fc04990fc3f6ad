import { PaykitError } from '@paykit/core';
import { cancelFlow, encodePathSegment, runCancel, type StatusQuery } from '@paykit/core/connector';
import { inputSchemas, paymentSchema, type {{Name}}CancelRequest } from './{{id}}-api.js';
import type { {{Name}}Context } from './{{id}}-connector.js';
import { moneyOf, referenceOf, samePayment } from './{{id}}-payment.js';
import { {{NAME}}_DISPLAY_NAME, {{NAME}}_ID } from './{{id}}-settings.js';
import { cancelOutcomeFor } from './{{id}}-status.js';

/**
 * The cancel flow: `POST /v1/payments/{paymentId}/cancel`, confirmed where it must be. Core has
 * read the input by `inputSchemas` (invalid_request before anything is sent).
 */
export const createCancelPayment = cancelFlow(
  {{NAME}}_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal, options }, context: {{Name}}Context & StatusQuery) => {
    const request: {{Name}}CancelRequest = {
      request_id: requestId,
      ...(options.reason ? { reason: options.reason } : {}),
    };
    const json = JSON.stringify(request);

    return runCancel({
      connector: {{NAME}}_ID,
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
            connector: {{NAME}}_ID,
            httpStatus: result.status,
            requestId,
            providerCode: answer.status,
            message: `${ {{NAME}}_DISPLAY_NAME } answered the cancel of payment "${paymentId}" with status ${answer.status}: it was not cancelled.`,
          });
        }
        const amount = moneyOf(answer);
        const providerReference = referenceOf(answer);
        return {
          connector: {{NAME}}_ID,
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
