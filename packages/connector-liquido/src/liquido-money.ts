import { type Money, minorUnits, type PaykitErrorCode } from '@paykit/core';
import type { ChargeAnswer } from './liquido-api.js';

/**
 * The amount of a charge or PayCash reference. Liquido sends integer minor units already; a
 * reference carries its amount in `transferDetails.payCash.amount` (0 for an open amount).
 */
export function moneyOf(
  answer: ChargeAnswer,
  connector: string,
  errorCode: PaykitErrorCode = 'invalid_response',
): Money | undefined {
  const amount = answer.amount ?? answer.transferDetails?.payCash?.amount ?? undefined;
  if (amount === undefined || !answer.currency) return undefined;
  return minorUnits(amount, answer.currency, { errorCode, connector });
}

/** The PayCash reference number the payer quotes at the store, when there is one. */
export function providerReferenceOf(answer: ChargeAnswer): string | undefined {
  return answer.transferDetails?.payCash?.reference ?? undefined;
}
