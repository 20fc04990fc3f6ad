import type { PaykitErrorCode, PaymentStatus } from '@paykit/core';
import type { Refusal } from '@paykit/core/connector';
import * as v from 'valibot';
import { answerSchema } from './yabandpay-api.js';

/** The failure codes the reversal page documents, with their documented messages. */
export type YabandPayErrorCode =
  | '-3001'
  | '-3002'
  | '-4111'
  | '-4112'
  | '-4114'
  | '-4115'
  | '-4116'
  | '-4117';

export const YABANDPAY_ERRORS: Readonly<
  Record<YabandPayErrorCode, { code: PaykitErrorCode; message: string }>
> = {
  '-3001': { code: 'invalid_request', message: 'Required field is missing' },
  '-3002': { code: 'duplicate_request', message: 'duplicate request_id' },
  '-4111': { code: 'cancel_window_expired', message: 'Exceed cancel window' },
  '-4112': {
    code: 'not_cancellable',
    message: 'The transaction has been cleared cannot be cancelled',
  },
  '-4114': { code: 'payment_not_found', message: 'The trade_id does not exist' },
  '-4115': { code: 'not_cancellable', message: 'The transaction cannot be cancelled' },
  '-4116': { code: 'already_cancelled', message: 'The transaction has been cancelled' },
  '-4117': { code: 'not_cancellable', message: 'The transaction has been Expired' },
};

function documented(providerCode: string) {
  return Object.hasOwn(YABANDPAY_ERRORS, providerCode)
    ? YABANDPAY_ERRORS[providerCode as YabandPayErrorCode]
    : undefined;
}

/** A documented code's contract code; any other refusal is a plain provider_error. */
export function errorCodeFor(providerCode: string): PaykitErrorCode {
  return documented(providerCode)?.code ?? 'provider_error';
}

/** The message the documentation gives a code, for answers that come without one. */
export function documentedMessage(providerCode: string): string | undefined {
  return documented(providerCode)?.message;
}

/** A `status: false` answer, read for core's answer reader; anything else is no refusal. */
export function refusalOf(body: unknown): Refusal | undefined {
  const parsed = v.safeParse(answerSchema, body);
  if (!parsed.success || parsed.output.status) return undefined;
  const { code, message } = parsed.output;
  return {
    code: errorCodeFor(code),
    providerCode: code,
    providerMessage: message || documentedMessage(code),
  };
}

/** The two-digit order states of notifications and v3.QueryOrder. */
export type YabandPayStateCode = '00' | '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08';

export const YABANDPAY_STATES: Readonly<
  Record<YabandPayStateCode, { word: string; status: PaymentStatus }>
> = {
  '00': { word: 'paid', status: 'succeeded' },
  '01': { word: 'authorized', status: 'authorized' },
  '02': { word: 'pending', status: 'pending' },
  '03': { word: 'processing', status: 'pending' },
  '04': { word: 'verify', status: 'pending' },
  '05': { word: 'declined', status: 'failed' },
  '06': { word: 'failed', status: 'failed' },
  '07': { word: 'expired', status: 'expired' },
  '08': { word: 'cancelled', status: 'cancelled' },
};

// Some integrations see the state's word ('paid') where the notification carries its code ('00'):
// both are read, and anything else stays pending.
const BY_WORD = new Map(Object.values(YABANDPAY_STATES).map((s) => [s.word, s.status]));

/** A payment state (code or word) to the common status; unknown is 'pending', never 'cancelled'. */
export function paymentStatusFor(state: string): PaymentStatus {
  if (Object.hasOwn(YABANDPAY_STATES, state))
    return YABANDPAY_STATES[state as YabandPayStateCode].status;
  return BY_WORD.get(state.toLowerCase()) ?? 'pending';
}

/** The state in a cancel answer ('cancelled' in the seed) to the cancel result's status. */
export function cancelStatusFor(state: string): 'cancelled' | 'pending' {
  return paymentStatusFor(state) === 'cancelled' ? 'cancelled' : 'pending';
}
