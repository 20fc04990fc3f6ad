import { type Money, PaykitError, reportedAmount, toMinorUnits } from '@paykit/core';
import type { {{Name}}PaymentBody } from './{{id}}-api.js';
import { {{NAME}}_DISPLAY_NAME, {{NAME}}_ID } from './{{id}}-settings.js';

/**
 * The decimal amount ("12.50") in minor units, or undefined when the answer has none or one that
 * cannot be read: the amount is only reported, the outcome it came with stands.
 */
export function moneyOf({ amount, currency }: {{Name}}PaymentBody): Money | undefined {
  if (typeof amount !== 'string' || typeof currency !== 'string' || !currency) return undefined;
  const code = currency.toUpperCase();
  return reportedAmount(() => ({
    amount: toMinorUnits(amount, code, { errorCode: 'invalid_response', connector: {{NAME}}_ID }),
    currency: code,
  }));
}

/** The provider's reference of the cancellation, which a merchant finds in its dashboard. */
export function referenceOf(payment: {{Name}}PaymentBody): string | undefined {
  return payment.cancellation_id || undefined;
}

/** An answer about another payment is no answer to this call. */
export function samePayment(payment: {{Name}}PaymentBody, paymentId: string, requestId: string) {
  if (payment.id === undefined || payment.id === paymentId) return;
  throw new PaykitError({
    code: 'invalid_response',
    connector: {{NAME}}_ID,
    requestId,
    message: `${ {{NAME}}_DISPLAY_NAME } answered about payment "${payment.id}", not "${paymentId}".`,
  });
}
