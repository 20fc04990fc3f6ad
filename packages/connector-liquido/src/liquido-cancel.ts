import { type CancelPaymentInput, type CancelPaymentResult, PaykitError } from '@paykit/core';
import { cancelInputReader, encodePathSegment, runCancel } from '@paykit/core/connector';
import { optionsSchema, paymentIdSchema, requestIdSchema } from './liquido-api.js';
import type { LiquidoContext, LiquidoProviderOptions } from './liquido-connector.js';
import type { createGetPayment } from './liquido-get-payment.js';
import { moneyOf, referenceOf, stateOf } from './liquido-payment.js';
import { LIQUIDO_ID } from './liquido-settings.js';
import { cancelOutcomeOf } from './liquido-status.js';

const readInput = cancelInputReader({
  connector: LIQUIDO_ID,
  paymentId: paymentIdSchema,
  requestId: requestIdSchema,
  options: optionsSchema,
});

const PATHS = {
  charge: (key: string) => `/v1/payments/charges/cancel/${key}`,
  reference: (key: string) => `/v1/payments/charges/references/cancel/${key}`,
} as const;

/** The cancel flow: a charge, or with `target: 'reference'` a PayCash reference. */
export function createCancelPayment(
  context: LiquidoContext,
  getPayment: ReturnType<typeof createGetPayment>,
) {
  return async function cancelPayment(
    input: CancelPaymentInput<LiquidoProviderOptions>,
  ): Promise<CancelPaymentResult> {
    const { paymentId, requestId, signal, options } = readInput(input);
    const { target } = options;

    return runCancel({
      connector: LIQUIDO_ID,
      paymentId,
      requestId,
      send: () =>
        context.send(
          {
            method: 'POST',
            url: PATHS[target](encodePathSegment(paymentId)),
            requestId,
            ...(signal ? { signal } : {}),
          },
          requestId,
        ),
      read: async (result) => {
        const { answer, body } = await context.read(
          result,
          `the cancel of payment "${paymentId}"`,
          requestId,
        );
        const providerStatus = stateOf(answer, paymentId, requestId);
        const outcome = cancelOutcomeOf(providerStatus);
        if (outcome === 'refused') {
          throw new PaykitError({
            code: 'not_cancellable',
            connector: LIQUIDO_ID,
            httpStatus: result.status,
            requestId,
            providerCode: providerStatus,
            message: `Liquido answered the cancel of payment "${paymentId}" with state ${providerStatus}: it was not cancelled.`,
          });
        }
        const amount = moneyOf(answer);
        const providerReference = referenceOf(answer);
        return {
          connector: LIQUIDO_ID,
          status: outcome,
          paymentId,
          requestId,
          providerStatus,
          ...(providerReference ? { providerReference } : {}),
          ...(amount ? { amount } : {}),
          raw: body,
        };
      },
      // "Already cancelled" answering a retry: the attempt whose answer was lost did it.
      confirm: {
        query: () => getPayment({ paymentId, ...(signal ? { signal } : {}) }),
        retryEchoes: ['already_cancelled'],
      },
    });
  };
}
