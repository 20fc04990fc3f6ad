import { describe, expect, it } from 'vitest';
import {
  isCancellable,
  LIQUIDO_CANCEL_OUTCOME,
  LIQUIDO_CANCEL_RULES,
  LIQUIDO_PAYMENT_STATUS,
  LIQUIDO_STATUSES,
} from '../src/index.js';
import { cancelOutcomeOf, paymentStatusOf, refusalCodeOf } from '../src/liquido-status.js';

describe('status maps', () => {
  it('cover every documented word', () => {
    expect([...LIQUIDO_STATUSES].sort()).toEqual(
      [
        'ACTIVE',
        'AUTHORIZED',
        'CANCELLED',
        'CHARGED_BACK',
        'FAILED',
        'IN_PROGRESS',
        'SETTLED',
      ].sort(),
    );
    expect(Object.keys(LIQUIDO_PAYMENT_STATUS).sort()).toEqual([...LIQUIDO_STATUSES].sort());
    expect(Object.keys(LIQUIDO_CANCEL_OUTCOME).sort()).toEqual([...LIQUIDO_STATUSES].sort());
  });

  it('maps only CANCELLED to cancelled; unknown and missing to pending', () => {
    for (const status of LIQUIDO_STATUSES) {
      expect(cancelOutcomeOf(status) === 'cancelled').toBe(status === 'CANCELLED');
      expect(paymentStatusOf(status) === 'cancelled').toBe(status === 'CANCELLED');
    }
    for (const word of ['VOIDED', 'CANCEL_PENDING', '', undefined]) {
      expect(paymentStatusOf(word)).toBe('pending');
      expect(cancelOutcomeOf(word)).toBe('pending');
    }
    expect(paymentStatusOf('settled')).toBe('succeeded');
  });

  it('picks refusal codes from the words, then the status code', () => {
    expect(refusalCodeOf('Payment has already been cancelled', 400)).toBe('already_cancelled');
    expect(refusalCodeOf('Payment not found', 400)).toBe('payment_not_found');
    expect(refusalCodeOf('Cancel is not allowed for this payment method', 400)).toBe(
      'not_cancellable',
    );
    expect(refusalCodeOf('Invalid status for cancel', 400)).toBe('not_cancellable');
    expect(refusalCodeOf('Outside the cancellation window', 400)).toBe('cancel_window_expired');
    expect(refusalCodeOf(undefined, 404)).toBe('payment_not_found');
    expect(refusalCodeOf(undefined, 401)).toBe('authentication_failed');
    expect(refusalCodeOf('Something broke', 400)).toBe('provider_error');
    expect(refusalCodeOf('Something broke', 500)).toBe('provider_unavailable');
    expect(refusalCodeOf('Payment has already been cancelled', 503)).toBe('provider_unavailable');
    // No catch-all words: a transient failure that mentions "status" or "method" is not a refusal.
    expect(refusalCodeOf('Timeout while querying acquirer status, please retry', 400)).toBe(
      'provider_unavailable',
    );
    expect(refusalCodeOf('Payment method service temporarily unavailable', 400)).toBe(
      'provider_unavailable',
    );
    expect(refusalCodeOf('Unexpected status', 400)).toBe('provider_error');
    expect(refusalCodeOf('Unknown method', 400)).toBe('provider_error');
    expect(refusalCodeOf(undefined, undefined)).toBe('provider_error');
  });

  it('lists the cancel rules per country', () => {
    expect(Object.keys(LIQUIDO_CANCEL_RULES)).toEqual(['BR', 'MX', 'CO']);
    expect(isCancellable('BR', 'CREDIT_CARD', 'AUTHORIZED')).toBe(true);
    expect(isCancellable('BR', 'CREDIT_CARD', 'IN_PROGRESS')).toBe(false);
    expect(isCancellable('MX', 'PIX_DYNAMIC_QR', 'IN_PROGRESS')).toBe(false);
    expect(isCancellable('AR', 'CREDIT_CARD', 'AUTHORIZED')).toBe(false);
  });
});
