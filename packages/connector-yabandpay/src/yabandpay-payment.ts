import { type Money, PaykitError, reportedAmount, toMinorUnits } from '@paykit/core';
import { YABANDPAY_ID } from './yabandpay-settings.js';

/** What a payment in an answer carries beside its state. */
interface PaymentFields {
  amount?: unknown;
  currency?: unknown;
  trade_id?: string | undefined;
  order_id?: string | number | undefined;
}

/**
 * YabandPay's decimal amount ("0.10") in minor units, or undefined when the answer has none or
 * one that cannot be read: the amount is only reported, the outcome it came with stands.
 */
export function moneyOf({ amount, currency }: PaymentFields): Money | undefined {
  if (amount === undefined || amount === '' || typeof currency !== 'string' || !currency) {
    return undefined;
  }
  if (typeof amount !== 'string' && typeof amount !== 'number') return undefined;
  const code = currency.toUpperCase();
  return reportedAmount(() => ({
    amount: toMinorUnits(amount, code, { errorCode: 'invalid_response', connector: YABANDPAY_ID }),
    currency: code,
  }));
}

/** YabandPay's order id, the reference a merchant finds in its dashboard. */
export function referenceOf({ order_id }: PaymentFields): string | undefined {
  return order_id !== undefined && order_id !== '' ? String(order_id) : undefined;
}

/** An answer about another trade is no answer to this call. */
export function samePayment(answered: string | undefined, paymentId: string, requestId?: string) {
  if (answered === undefined || answered === paymentId) return;
  throw new PaykitError({
    code: 'invalid_response',
    connector: YABANDPAY_ID,
    ...(requestId ? { requestId } : {}),
    message: `YabandPay answered about trade_id ${answered}, not ${paymentId}.`,
  });
}
