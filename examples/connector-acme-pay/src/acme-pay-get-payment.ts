import { encodePathSegment, getPaymentFlow } from '@paykit/core/connector';
import { inputSchemas, paymentSchema } from './acme-pay-api.js';
import type { AcmePayContext } from './acme-pay-connector.js';
import { moneyOf, referenceOf, samePayment } from './acme-pay-payment.js';
import { ACME_PAY_ID } from './acme-pay-settings.js';
import { paymentStatusFor } from './acme-pay-status.js';

/** The status query: `GET /v1/payments/{paymentId}`. */
export const createGetPayment = getPaymentFlow(
  ACME_PAY_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal }, context: AcmePayContext) => {
    // The lookup carries no request id on the wire; the one generated names the call in errors
    // and hooks. The same options as a cancel's are accepted (and checked), so one set serves both.
    const result = await context.send({
      method: 'GET',
      url: `/v1/payments/${encodePathSegment(paymentId)}`,
      requestId,
      signal,
    });
    const { answer, raw } = await context.read(
      result,
      `the lookup of payment "${paymentId}"`,
      paymentSchema,
      requestId,
    );
    samePayment(answer, paymentId, requestId);
    const amount = moneyOf(answer);
    const providerReference = referenceOf(answer);
    return {
      connector: ACME_PAY_ID,
      paymentId,
      status: paymentStatusFor(answer.status),
      providerStatus: answer.status,
      ...(providerReference ? { providerReference } : {}),
      ...(amount ? { amount } : {}),
      raw,
    };
  },
);
