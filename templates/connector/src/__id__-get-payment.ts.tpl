import { encodePathSegment, getPaymentFlow } from '@paykit/core/connector';
import { inputSchemas, paymentSchema } from './{{id}}-api.js';
import type { {{Name}}Context } from './{{id}}-connector.js';
import { moneyOf, referenceOf, samePayment } from './{{id}}-payment.js';
import { {{NAME}}_ID } from './{{id}}-settings.js';
import { paymentStatusFor } from './{{id}}-status.js';

/** The status query: `GET /v1/payments/{paymentId}`. */
export const createGetPayment = getPaymentFlow(
  {{NAME}}_ID,
  inputSchemas,
  async ({ paymentId, requestId, signal }, context: {{Name}}Context) => {
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
      connector: {{NAME}}_ID,
      paymentId,
      status: paymentStatusFor(answer.status),
      providerStatus: answer.status,
      ...(providerReference ? { providerReference } : {}),
      ...(amount ? { amount } : {}),
      raw,
    };
  },
);
