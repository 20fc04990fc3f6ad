import { describe, expect, it } from 'vitest';
import {
  currencyExponent,
  fromMinorUnits,
  minorUnits,
  PaykitError,
  toMinorUnits,
} from '../src/index.js';

function caught(fn: () => unknown): PaykitError {
  try {
    fn();
  } catch (error) {
    expect(PaykitError.isInstance(error), String(error)).toBe(true);
    return error as PaykitError;
  }
  throw new Error('expected a PaykitError, nothing was thrown');
}

describe('currencyExponent', () => {
  it('knows EUR 2, JPY 0, KWD 3, BRL 2, USD 2, BHD 3, CLP 0, KRW 0', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BRL')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLP')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
  });

  it.each([
    // ISO 4217 gives these 2 (IQD 3); Node's ICU data says 0, which is what Intl used to answer.
    ['COP', 2],
    ['IDR', 2],
    ['HUF', 2],
    ['IQD', 3],
    ['PKR', 2],
    ['LBP', 2],
    // Funds and new codes that ICU does not know at all.
    ['CLF', 4],
    ['UYW', 4],
    ['VED', 2],
    ['UYI', 0],
    ['MXV', 2],
    ['TND', 3],
    ['VND', 0],
  ])('takes %s from ISO 4217: %d', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it('accepts lower-case codes', () => {
    expect(currencyExponent('jpy')).toBe(0);
    expect(currencyExponent('eur')).toBe(2);
    expect(currencyExponent('Idr')).toBe(2);
  });

  // 'ı' (dotless i) and 'ſ' (long s) upper-case to ASCII I and S: still not ISO codes.
  it.each(['XYZ', 'EU', 'EURO', '', '€', 'E1R', ' EUR', 'EUR ', 'ıdr', 'ſek', 'HRK', 'ZWL'])(
    'rejects %j as invalid_request',
    (code) => {
      const error = caught(() => currencyExponent(code));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('ISO 4217');
    },
  );

  it('rejects a non-string currency', () => {
    expect(caught(() => currencyExponent(42 as unknown as string)).code).toBe('invalid_request');
    expect(caught(() => currencyExponent(undefined as unknown as string)).code).toBe(
      'invalid_request',
    );
  });

  it('raises the errorCode and connector it is given', () => {
    const error = caught(() =>
      currencyExponent('XYZ', { errorCode: 'invalid_response', connector: 'acme' }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.connector).toBe('acme');
  });
});

describe('toMinorUnits', () => {
  it.each([
    ['0.10', 'EUR', 10],
    ['0.1', 'EUR', 10],
    [12.5, 'EUR', 1250],
    ['12.50', 'EUR', 1250],
    ['12', 'EUR', 1200],
    [0, 'EUR', 0],
    ['0', 'EUR', 0],
    ['100', 'JPY', 100],
    [100, 'JPY', 100],
    ['1.234', 'KWD', 1234],
    ['1.2', 'KWD', 1200],
    ['0.001', 'KWD', 1],
    ['1234.56', 'BRL', 123456],
    [1234.56, 'BRL', 123456],
    ['0.01', 'BRL', 1],
    ['007.05', 'EUR', 705],
    [' 1.00 ', 'EUR', 100],
    ['19.99', 'usd', 1999],
    [0.29, 'EUR', 29],
    [1.15, 'EUR', 115],
    [4.35, 'EUR', 435],
    ['90071992547409.91', 'EUR', 9007199254740991],
    ['150000', 'IDR', 15000000],
    ['150000.5', 'IDR', 15000050],
    [150000, 'idr', 15000000],
    ['1500000', 'COP', 150000000],
    ['1250.75', 'COP', 125075],
    ['1.5', 'HUF', 150],
    ['0.001', 'IQD', 1],
    ['1.2345', 'CLF', 12345],
    ['37000.1', 'CLF', 370001000],
  ])('%j %s -> %d', (value, currency, expected) => {
    expect(toMinorUnits(value, currency)).toBe(expected);
  });

  it('never goes through floating point multiplication', () => {
    // 1.005 * 100 = 100.49999999999999 and 4.35 * 100 = 434.99999999999994 in floating point.
    for (let cents = 0; cents < 10_000; cents += 7) {
      const text = (cents / 100).toFixed(2);
      expect(toMinorUnits(text, 'EUR')).toBe(cents);
      expect(toMinorUnits(Number(text), 'EUR')).toBe(cents);
    }
  });

  it.each([
    [Number.NaN, 'EUR'],
    [Number.POSITIVE_INFINITY, 'EUR'],
    [Number.NEGATIVE_INFINITY, 'EUR'],
    [-1, 'EUR'],
    [-0.1, 'EUR'],
    ['-0.1', 'EUR'],
    ['-0', 'EUR'],
    ['+1', 'EUR'],
    ['1e5', 'EUR'],
    ['1E2', 'EUR'],
    [1e21, 'EUR'],
    [1e-7, 'EUR'],
    ['', 'EUR'],
    [' ', 'EUR'],
    ['abc', 'EUR'],
    ['NaN', 'EUR'],
    ['Infinity', 'EUR'],
    ['1,5', 'EUR'],
    ['1.000,50', 'EUR'],
    ['1 000', 'EUR'],
    ['.5', 'EUR'],
    ['5.', 'EUR'],
    ['0x10', 'EUR'],
    ['١٢', 'EUR'],
    ['1.005', 'EUR'],
    [1.005, 'EUR'],
    ['0.001', 'BRL'],
    ['1.5', 'JPY'],
    [1.5, 'JPY'],
    ['1.0', 'JPY'],
    ['1.2345', 'KWD'],
    ['150000.001', 'IDR'],
    ['1.005', 'COP'],
    ['0.0001', 'IQD'],
    ['1.23456', 'CLF'],
    ['99999999999999999', 'EUR'],
    ['90071992547409.92', 'EUR'],
  ])('rejects %j %s as invalid_request', (value, currency) => {
    const error = caught(() => toMinorUnits(value as string | number, currency));
    expect(error.code).toBe('invalid_request');
    expect(error.retryable).toBe(false);
  });

  it('rejects values that are neither string nor number', () => {
    for (const value of [null, undefined, {}, [], true, 10n]) {
      expect(caught(() => toMinorUnits(value as unknown as string, 'EUR')).code).toBe(
        'invalid_request',
      );
    }
  });

  it('says why in the message', () => {
    expect(caught(() => toMinorUnits('1.5', 'JPY')).message).toContain(
      'more decimals than JPY allows (0)',
    );
    expect(caught(() => toMinorUnits('-0.1', 'EUR')).message).toContain('negative');
    expect(caught(() => toMinorUnits('1e5', 'EUR')).message).toContain('not a plain decimal');
  });

  it('rejects an unknown currency', () => {
    expect(caught(() => toMinorUnits('1.00', 'XYZ')).code).toBe('invalid_request');
  });

  it('raises the errorCode given (invalid_response for provider data) with the connector', () => {
    for (const [value, currency] of [
      ['abc', 'EUR'],
      ['1.5', 'JPY'],
      ['-1', 'EUR'],
      [Number.NaN, 'EUR'],
      ['1.00', 'XYZ'],
    ] as const) {
      const error = caught(() =>
        toMinorUnits(value, currency, { errorCode: 'invalid_response', connector: 'liquido' }),
      );
      expect(error.code).toBe('invalid_response');
      expect(error.connector).toBe('liquido');
    }
  });
});

describe('fromMinorUnits', () => {
  it.each([
    [10, 'EUR', '0.10'],
    [5, 'EUR', '0.05'],
    [0, 'EUR', '0.00'],
    [1250, 'EUR', '12.50'],
    [100, 'JPY', '100'],
    [0, 'JPY', '0'],
    [1234, 'KWD', '1.234'],
    [1, 'KWD', '0.001'],
    [123456, 'BRL', '1234.56'],
    [9007199254740991, 'EUR', '90071992547409.91'],
    [15000000, 'IDR', '150000.00'],
    [125075, 'COP', '1250.75'],
    [1, 'IQD', '0.001'],
    [12345, 'CLF', '1.2345'],
    [7, 'UYW', '0.0007'],
  ])('%d %s -> %j', (amount, currency, expected) => {
    expect(fromMinorUnits(amount, currency)).toBe(expected);
  });

  it('round-trips with toMinorUnits', () => {
    for (const currency of ['EUR', 'JPY', 'KWD', 'BRL', 'TND', 'IDR', 'COP', 'IQD', 'CLF']) {
      for (const amount of [0, 1, 9, 10, 99, 100, 101, 999, 1000, 123456789, 9007199254740991]) {
        expect(toMinorUnits(fromMinorUnits(amount, currency), currency)).toBe(amount);
      }
    }
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects %d', (amount) => {
    expect(caught(() => fromMinorUnits(amount, 'EUR')).code).toBe('invalid_request');
  });

  it('rejects an unknown currency', () => {
    expect(caught(() => fromMinorUnits(100, 'XYZ')).code).toBe('invalid_request');
  });
});

describe('minorUnits', () => {
  it('returns Money with the code upper-cased', () => {
    expect(minorUnits(1250, 'eur')).toEqual({ amount: 1250, currency: 'EUR' });
    expect(minorUnits(0, 'JPY')).toEqual({ amount: 0, currency: 'JPY' });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '100' as unknown as number])(
    'rejects %j',
    (amount) => {
      expect(caught(() => minorUnits(amount, 'EUR')).code).toBe('invalid_request');
    },
  );

  it('rejects an unknown currency, with the errorCode given', () => {
    expect(caught(() => minorUnits(100, 'XYZ')).code).toBe('invalid_request');
    const error = caught(() =>
      minorUnits(-5, 'BRL', { errorCode: 'invalid_response', connector: 'liquido' }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.connector).toBe('liquido');
    expect(caught(() => minorUnits(5, 'XYZ', { errorCode: 'invalid_response' })).code).toBe(
      'invalid_response',
    );
  });
});
