import { type Money, PaykitError, toMinorUnits } from '@paykit/core';
import { PAYERMAX_ID } from './payermax-settings.js';

/**
 * An amount PayerMax sends in decimal major units (`totalAmount: 300`, `"150000.00"`), in ISO 4217
 * minor units. Undefined when the answer has no amount; a PaykitError (`invalid_response`) when it
 * has one that cannot be read: call it inside core's `reportedAmount`, which leaves such an
 * amount out instead of failing the answer it came with.
 */
export function decimalAmount(value: unknown, currency: unknown): Money | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (currency === undefined || currency === null || currency === '') return undefined;
  const options = { errorCode: 'invalid_response', connector: PAYERMAX_ID } as const;
  if (typeof currency !== 'string') return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  return { amount: toMinorUnits(value, currency, options), currency: currency.toUpperCase() };
}

/** An answer about another order or request is no answer to this call. */
export function sameOrder(
  answered: { outTradeNo?: string | null | undefined; requestId?: string | null | undefined },
  sent: { outTradeNo: string; requestId?: string },
  requestId: string,
  httpStatus: number,
): void {
  const otherOrder = answered.outTradeNo && answered.outTradeNo !== sent.outTradeNo;
  const otherRequest =
    sent.requestId !== undefined && answered.requestId && answered.requestId !== sent.requestId;
  if (!otherOrder && !otherRequest) return;
  throw new PaykitError({
    code: 'invalid_response',
    connector: PAYERMAX_ID,
    requestId,
    httpStatus,
    message: 'PayerMax answered about another outTradeNo or requestId than the one sent.',
  });
}
