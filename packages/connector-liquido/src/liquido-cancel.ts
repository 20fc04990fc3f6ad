import { PaykitError } from '@paykit/core';
import { cancelFlow, encodePathSegment, runCancel, type StatusQuery } from '@paykit/core/connector';
import { inputSchemas } from './liquido-api.js';
import type { LiquidoContext } from './liquido-connector.js';
import { moneyOf, referenceOf, stateOf } from './liquido-payment.js';
import { LIQUIDO_ID } from './liquido-settings.js';
import { cancelOutcomeOf } from './liquido-status.js';

const PATHS = {
  charge: (key: string) => `/v1/payments/charges/cancel/${key}`,
  reference: (key: string) => `/v1/payments/charges/references/cancel/${key}`,
} as const;

/** The cancel flow: a charge, or with `target: 'reference'` a PayCash reference. */
export const createCancelPayment = cancelFlow(
  LIQUIDO_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal, options }, context: LiquidoContext & StatusQuery) => {
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
        query: () => context.getPayment({ paymentId, ...(signal ? { signal } : {}) }),
        retryEchoes: ['already_cancelled'],
      },
    });
  },
);
