import { fromMinorUnits, type Money, toMinorUnits } from '@paykit/core';

/** An amount in minor units, with its text in major units ("25.50 USD"), by core's currency table. */
export function money(amount: number, currency: string): { amount: Money; amountText: string } {
  return { amount: { amount, currency }, amountText: moneyText({ amount, currency }) };
}

/** For providers that keep major units (PayerMax 25.5, YabandPay "0.10"). */
export function moneyFromMajor(
  value: number | string,
  currency: string,
): { amount: Money; amountText: string } {
  return money(toMinorUnits(value, currency), currency);
}

export function moneyText(value: Money): string {
  try {
    return `${fromMinorUnits(value.amount, value.currency)} ${value.currency}`;
  } catch {
    return `${value.amount} ${value.currency} (minor units)`;
  }
}
