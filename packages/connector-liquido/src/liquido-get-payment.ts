import { encodePathSegment, getPaymentFlow } from '@paykit/core/connector';
import { inputSchemas } from './liquido-api.js';
import type { LiquidoContext } from './liquido-connector.js';
import { moneyOf, referenceOf, stateOf } from './liquido-payment.js';
import { LIQUIDO_ID } from './liquido-settings.js';
import { paymentStatusOf } from './liquido-status.js';

/** The status query: `GET /v1/payments/charges/{idempotencyKey}`, charges and references alike. */
export const createGetPayment = getPaymentFlow(
  LIQUIDO_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal }, context: LiquidoContext) => {
    // The same options as a cancel's are accepted (one lookup serves both targets).
    const result = await context.send(
      {
        method: 'GET',
        url: `/v1/payments/charges/${encodePathSegment(paymentId)}`,
        requestId,
        ...(signal ? { signal } : {}),
      },
      requestId,
    );
    const { answer, body } = await context.read(
      result,
      `the lookup of payment "${paymentId}"`,
      requestId,
    );
    const providerStatus = stateOf(answer, paymentId, requestId);
    const amount = moneyOf(answer);
    const providerReference = referenceOf(answer);
    return {
      connector: LIQUIDO_ID,
      paymentId,
      status: paymentStatusOf(providerStatus),
      providerStatus,
      ...(providerReference ? { providerReference } : {}),
      ...(amount ? { amount } : {}),
      raw: body,
    };
  },
);
