import type { GetPaymentInput, PaymentStatusResult } from '@paykit/core';
import { encodePathSegment, getPaymentInputReader } from '@paykit/core/connector';
import { cancelOptionsSchema, paymentIdSchema, paymentSchema } from './acme-pay-api.js';
import type { AcmePayContext, AcmePayProviderOptions } from './acme-pay-connector.js';
import { moneyOf, referenceOf, samePayment } from './acme-pay-payment.js';
import { ACME_PAY_ID } from './acme-pay-settings.js';
import { paymentStatusFor } from './acme-pay-status.js';

const readInput = getPaymentInputReader({
  connector: ACME_PAY_ID,
  paymentId: paymentIdSchema,
  options: cancelOptionsSchema,
});

/** The status query: `GET /v1/payments/{paymentId}`. */
export function createGetPayment(context: AcmePayContext) {
  return async function getPayment(
    input: GetPaymentInput<AcmePayProviderOptions>,
  ): Promise<PaymentStatusResult> {
    // The lookup carries no request id on the wire; the one generated names the call in errors
    // and hooks. The same options as a cancel's are accepted (and checked), so one set serves both.
    const { paymentId, requestId, signal } = readInput(input);
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
  };
}
