import { currencyExponent, type Money } from '@paykit/core';
import type { ErrorView } from '../shared/outcome.js';
import type { PlaygroundConnector } from '../shared/playground.js';
import type { PaymentRow } from '../shared/types.js';
import { describeFault } from './fault-info.js';
import { humanizeIssues } from './issue-text.js';

/** What the page learns about a connector; never its settings. */
export function describeConnector(entry: PlaygroundConnector) {
  return {
    id: entry.id,
    displayName: entry.displayName,
    mode: entry.mode,
    ...(entry.notice ? { notice: entry.notice } : {}),
    capabilities: entry.connector.capabilities,
    options: entry.options,
    faults: entry.faults.map(describeFault),
    referenceTables: entry.referenceTables,
    paymentsAvailable: entry.simulator !== undefined,
  };
}

/**
 * An amount with its currency's ISO 4217 exponent, from core's table: the page formats it with
 * Intl.NumberFormat, but must not take the number of decimals from the browser's ICU data.
 */
export function withExponent(money: Money | undefined) {
  if (!money) return undefined;
  try {
    return { ...money, exponent: currencyExponent(money.currency) };
  } catch {
    return money;
  }
}

export function describePayment(row: PaymentRow) {
  return row.amount ? { ...row, amount: withExponent(row.amount) } : row;
}

/** An error as the page shows it: valibot's wording of input issues rewritten for a person. */
export function describeError(error: ErrorView): ErrorView {
  if (!error.issues?.length) return error;
  const noun = /^Invalid providerOptions/.test(error.message) ? 'option' : 'field';
  return { ...error, ...humanizeIssues(error.message, error.issues, noun) };
}
