import { type Money, minorUnits, reportedAmount } from '@paykit/core';
import type { ChargeAnswer } from './liquido-api.js';

/**
 * The amount of a charge or PayCash reference. Liquido sends integer minor units already; a
 * reference carries its amount in `transferDetails.payCash.amount` (0 for an open amount). The
 * amount is only reported: one that cannot be read is left out, the outcome stands.
 */
export function moneyOf(answer: ChargeAnswer): Money | undefined {
  return reportedAmount(() => {
    const amount = answer.amount ?? answer.transferDetails?.payCash?.amount;
    const { currency } = answer;
    if (typeof amount !== 'number' || typeof currency !== 'string' || !currency) return undefined;
    return minorUnits(amount, currency, { errorCode: 'invalid_response', connector: 'liquido' });
  });
}

/** The PayCash reference number the payer quotes at the store, when there is one. */
export function providerReferenceOf(answer: ChargeAnswer): string | undefined {
  return answer.transferDetails?.payCash?.reference ?? undefined;
}
