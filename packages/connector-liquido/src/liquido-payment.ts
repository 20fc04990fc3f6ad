import { type Money, minorUnits, PaykitError, reportedAmount } from '@paykit/core';
import { type ChargeAnswer, statusWordOf } from './liquido-api.js';
import { LIQUIDO_ID } from './liquido-settings.js';

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
    return minorUnits(amount, currency, { errorCode: 'invalid_response', connector: LIQUIDO_ID });
  });
}

/** The PayCash reference number the payer quotes at the store, when there is one. */
export function referenceOf(answer: ChargeAnswer): string | undefined {
  return answer.transferDetails?.payCash?.reference ?? undefined;
}

/** The state word of an answer about this payment; an answer about another, or none, is no answer. */
export function stateOf(answer: ChargeAnswer, paymentId: string, requestId: string): string {
  if (answer.idempotencyKey && answer.idempotencyKey !== paymentId) {
    throw new PaykitError({
      code: 'invalid_response',
      connector: LIQUIDO_ID,
      requestId,
      message: `Liquido answered about payment "${answer.idempotencyKey}" instead of "${paymentId}".`,
    });
  }
  const state = statusWordOf(answer);
  if (state) return state;
  throw new PaykitError({
    code: 'invalid_response',
    connector: LIQUIDO_ID,
    requestId,
    message: `Liquido's answer about payment "${paymentId}" has no transferStatus or status.`,
  });
}
