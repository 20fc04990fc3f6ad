import { PaykitError, type PaykitErrorCode } from '../errors/index.js';
import type { Money } from '../spec/index.js';

let knownCurrencies: Set<string> | undefined;
const exponents = new Map<string, number>();

function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

export interface MoneyOptions {
  /** The code to raise: `invalid_request` for user input (default), `invalid_response` for provider data. */
  errorCode?: PaykitErrorCode;
  connector?: string;
}

function fail(message: string, options: MoneyOptions): never {
  throw new PaykitError({
    code: options.errorCode ?? 'invalid_request',
    message,
    ...(options.connector ? { connector: options.connector } : {}),
  });
}

/** The number of minor-unit digits of an ISO 4217 currency, as the platform's Intl data knows it. */
export function currencyExponent(currency: string, options: MoneyOptions = {}): number {
  const code = typeof currency === 'string' ? currency.toUpperCase() : '';
  const cached = exponents.get(code);
  if (cached !== undefined) return cached;
  if (!/^[A-Z]{3}$/.test(code) || !isKnownCurrency(code)) {
    fail(`"${String(currency)}" is not an ISO 4217 currency code.`, options);
  }
  const digits = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: code,
  }).resolvedOptions().maximumFractionDigits;
  const exponent = digits ?? 2;
  exponents.set(code, exponent);
  return exponent;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Converts a provider's decimal amount ("0.10", 12.5) to integer minor units without floating
 * point arithmetic: the digits are shifted as a string.
 */
export function toMinorUnits(
  value: string | number,
  currency: string,
  options: MoneyOptions = {},
): number {
  const exponent = currencyExponent(currency, options);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`Amount ${value} is not a finite number.`, options);
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    fail(`Amount must be a decimal string or number, not ${typeof value}.`, options);
  }
  if (text.startsWith('-')) fail(`Amount "${text}" is negative.`, options);
  const match = DECIMAL.exec(text);
  if (!match) fail(`Amount "${text}" is not a plain decimal number.`, options);
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > exponent) {
    fail(
      `Amount "${text}" has more decimals than ${currency.toUpperCase()} allows (${exponent}).`,
      options,
    );
  }
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) fail(`Amount "${text}" is too large.`, options);
  return minor;
}

/** Validates an amount that is already in minor units (Liquido sends these). */
export function minorUnits(amount: number, currency: string, options: MoneyOptions = {}): Money {
  currencyExponent(currency, options);
  if (!Number.isSafeInteger(amount) || amount < 0) {
    fail(`Amount ${String(amount)} is not a non-negative integer of minor units.`, options);
  }
  return { amount, currency: currency.toUpperCase() };
}

/** The decimal string of an amount in minor units, as providers that take decimals expect it. */
export function fromMinorUnits(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new PaykitError({
      code: 'invalid_request',
      message: `Amount ${amount} is not a non-negative integer.`,
    });
  }
  if (exponent === 0) return String(amount);
  const digits = String(amount).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
