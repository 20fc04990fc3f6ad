import { type CancelPaymentResult, PaykitError } from '@paykit/core';
import type { Redactor } from '@paykit/core/connector';
import type { CallEvent } from './call-events.js';

/** A PaykitError as the page and the CLI show it. */
export interface ErrorView {
  code: string;
  message: string;
  connector?: string;
  providerCode?: string;
  providerMessage?: string;
  httpStatus?: number;
  requestId?: string;
  retryable: boolean;
  issues?: readonly string[];
}

/** What one cancel did: the result or the error, and the traffic of every attempt. */
export type CallOutcome = {
  connector: string;
  mode: 'simulator' | 'sandbox';
  paymentId: string;
  durationMs: number;
  /** `times` requests were to get the fault; `hits` of them did (the others never went out). */
  fault?: { name: string; times: number; hits: number };
  events: CallEvent[];
} & (
  | { ok: true; result: CancelPaymentResult; amountText?: string }
  | { ok: false; error: ErrorView }
);

export function errorView(error: unknown, redactor: Redactor): ErrorView {
  if (PaykitError.isInstance(error)) {
    const json = redactor.redact(error.toJSON()) as Record<string, unknown>;
    // toJSON lists absent fields as undefined; keep only those present.
    return Object.fromEntries(
      Object.entries(json).filter(([key, value]) => value !== undefined && key !== 'name'),
    ) as unknown as ErrorView;
  }
  // Not a PaykitError: a bug somewhere, shown as such, never with its stack.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unexpected_error', message: redactor.redactString(message), retryable: false };
}
