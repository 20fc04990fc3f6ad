import { type Money, reportedAmount, toMinorUnits } from '@paykit/core';

/**
 * YabandPay's decimal amount ("0.10") in minor units, or undefined when the answer has none or
 * one that cannot be read: the amount is only reported, the outcome it came with stands.
 */
export function moneyOf(data: {
  amount?: string | number | undefined;
  currency?: string | undefined;
}): Money | undefined {
  if (data.amount === undefined || data.amount === '' || !data.currency) return undefined;
  const currency = data.currency.toUpperCase();
  return reportedAmount(() => ({
    amount: toMinorUnits(data.amount!, currency, {
      errorCode: 'invalid_response',
      connector: 'yabandpay',
    }),
    currency,
  }));
}
