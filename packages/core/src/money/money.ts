import { PaykitError, type PaykitErrorCode } from '../errors/index.js';
import type { Money } from '../spec/index.js';
import { ISO_4217_EXPONENTS, ISO_4217_NO_MINOR_UNIT } from './iso-4217.js';

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

/**
 * The number of minor-unit digits of an ISO 4217 currency, from the ISO 4217 table in
 * `iso-4217.ts` (generated from a data package, not read from the platform's Intl/ICU data, which
 * differs between runtimes): COP 2, IDR 2, JPY 0, KWD 3, CLF 4. Lower-case codes are accepted.
 *
 * Codes whose minor unit ISO gives as "N.A." (XAU and the other precious metals, XDR, XBA–XBD, XSU,
 * XUA, the testing code XTS and XXX) are refused like unknown codes: they are not currencies of
 * payments, and any exponent for them would be made up.
 */
export function currencyExponent(currency: string, options: MoneyOptions = {}): number {
  // ASCII letters only before upper-casing: 'ı'.toUpperCase() is 'I', so "ıdr" would become IDR.
  const code =
    typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : '';
  const exponent = Object.hasOwn(ISO_4217_EXPONENTS, code) ? ISO_4217_EXPONENTS[code] : undefined;
  if (exponent !== undefined) return exponent;
  if (ISO_4217_NO_MINOR_UNIT.includes(code)) {
    fail(`"${currency}" has no minor unit in ISO 4217: it is not a currency of payments.`, options);
  }
  fail(`"${String(currency)}" is not an ISO 4217 currency code.`, options);
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

/**
 * An amount that is only reported, never decided on: one the provider sent unreadably leaves the
 * field out (the provider's own value stays in `raw`) instead of failing a confirmed outcome.
 */
export function reportedAmount(read: () => Money | undefined): Money | undefined {
  try {
    return read();
  } catch (error) {
    if (PaykitError.isInstance(error)) return undefined;
    throw error;
  }
}
