import {
  type Money,
  PaykitError,
  type PaykitErrorCode,
  type Redactor,
  toMinorUnits,
} from '@paykit/core';

/**
 * YabandPay's decimal amount ("0.10") in minor units, or undefined when the answer has none.
 * toMinorUnits quotes the value it refuses, so its message is redacted here.
 */
export function moneyOf(
  data: { amount?: string | number | undefined; currency?: string | undefined },
  errorCode: PaykitErrorCode,
  redactor: Redactor,
): Money | undefined {
  if (data.amount === undefined || data.amount === '' || !data.currency) return undefined;
  const currency = data.currency.toUpperCase();
  try {
    return {
      amount: toMinorUnits(data.amount, currency, { errorCode, connector: 'yabandpay' }),
      currency,
    };
  } catch (error) {
    if (!PaykitError.isInstance(error)) throw error;
    throw new PaykitError({
      code: error.code,
      connector: 'yabandpay',
      message: redactor.redactString(error.message),
    });
  }
}
