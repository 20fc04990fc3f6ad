import { type Money, toMinorUnits } from '@paykit/core';
import { CONNECTOR_ID } from './payermax-settings.js';

/**
 * An amount PayerMax sends in decimal major units (`totalAmount: 300`, `"150000.00"`), in ISO 4217
 * minor units. Undefined when the answer has no amount; a PaykitError (`invalid_response`) when it
 * has one that cannot be read: call it inside core's `reportedAmount`, which leaves such an
 * amount out instead of failing the answer it came with.
 */
export function decimalAmount(value: unknown, currency: unknown): Money | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (currency === undefined || currency === null || currency === '') return undefined;
  const options = { errorCode: 'invalid_response', connector: CONNECTOR_ID } as const;
  if (typeof currency !== 'string') return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  return { amount: toMinorUnits(value, currency, options), currency: currency.toUpperCase() };
}
