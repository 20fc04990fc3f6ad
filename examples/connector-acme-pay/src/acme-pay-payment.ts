import { type Money, PaykitError, reportedAmount, toMinorUnits } from '@paykit/core';
import type { AcmePayPaymentBody } from './acme-pay-api.js';
import { ACME_PAY_DISPLAY_NAME, ACME_PAY_ID } from './acme-pay-settings.js';

/**
 * The decimal amount ("12.50") in minor units, or undefined when the answer has none or one that
 * cannot be read: the amount is only reported, the outcome it came with stands.
 */
export function moneyOf({ amount, currency }: AcmePayPaymentBody): Money | undefined {
  if (typeof amount !== 'string' || typeof currency !== 'string' || !currency) return undefined;
  const code = currency.toUpperCase();
  return reportedAmount(() => ({
    amount: toMinorUnits(amount, code, { errorCode: 'invalid_response', connector: ACME_PAY_ID }),
    currency: code,
  }));
}

/** The provider's reference of the cancellation, which a merchant finds in its dashboard. */
export function referenceOf(payment: AcmePayPaymentBody): string | undefined {
  return payment.cancellation_id || undefined;
}

/** An answer about another payment is no answer to this call. */
export function samePayment(payment: AcmePayPaymentBody, paymentId: string, requestId: string) {
  if (payment.id === undefined || payment.id === paymentId) return;
  throw new PaykitError({
    code: 'invalid_response',
    connector: ACME_PAY_ID,
    requestId,
    message: `${ACME_PAY_DISPLAY_NAME} answered about payment "${payment.id}", not "${paymentId}".`,
  });
}
