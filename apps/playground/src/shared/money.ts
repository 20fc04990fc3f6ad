import { fromMinorUnits, type Money } from '@paykit/core';

/** "25.50 USD": an amount in minor units in words, by core's currency table. */
export function moneyText(value: Money): string {
  try {
    return `${fromMinorUnits(value.amount, value.currency)} ${value.currency}`;
  } catch {
    return `${value.amount} ${value.currency} (minor units)`;
  }
}
