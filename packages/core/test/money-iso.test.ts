import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import currencyCodes from 'currency-codes';
import { afterEach, describe, expect, it } from 'vitest';
import {
  currencyExponent,
  fromMinorUnits,
  minorUnits,
  PaykitError,
  toMinorUnits,
} from '../src/index.js';
import {
  ISO_4217_EXPONENTS,
  ISO_4217_NO_MINOR_UNIT,
  ISO_4217_PUBLISHED,
} from '../src/money/iso-4217.js';

const require = createRequire(import.meta.url);
const CORE = join(dirname(fileURLToPath(import.meta.url)), '..');
const MONEY_DIR = join(CORE, 'src', 'money');
const TABLE_FILE = join(MONEY_DIR, 'iso-4217.ts');
const DATA_VERSION: string = require('currency-codes/package.json').version;

function caught(fn: () => unknown): PaykitError {
  try {
    fn();
  } catch (error) {
    expect(PaykitError.isInstance(error), String(error)).toBe(true);
    return error as PaykitError;
  }
  throw new Error('expected a PaykitError, nothing was thrown');
}

/** Minor units per code as the ISO list one XML shipped in currency-codes states them. */
function isoXmlMinorUnits(): Map<string, string> {
  const xml = readFileSync(require.resolve('currency-codes/iso-4217-list-one.xml'), 'utf8');
  const units = new Map<string, string>();
  for (const [, entry = ''] of xml.matchAll(/<CcyNtry>([\s\S]*?)<\/CcyNtry>/g)) {
    const code = /<Ccy>\s*([A-Z]{3})\s*<\/Ccy>/.exec(entry)?.[1];
    const minor = /<CcyMnrUnts>\s*([^<]+?)\s*<\/CcyMnrUnts>/.exec(entry)?.[1];
    if (code && minor) units.set(code, minor);
  }
  return units;
}

describe('the ISO 4217 table', () => {
  it('is what scripts/generate-iso-4217.mjs writes from the installed data package', () => {
    const generated = execFileSync(
      process.execPath,
      [join(CORE, 'scripts', 'generate-iso-4217.mjs'), '--stdout'],
      { encoding: 'utf8' },
    );
    expect(
      readFileSync(TABLE_FILE, 'utf8'),
      'src/money/iso-4217.ts has drifted: run node scripts/generate-iso-4217.mjs',
    ).toBe(generated);
  });

  it('names the data package, its version and the command that regenerates it', () => {
    const header = readFileSync(TABLE_FILE, 'utf8').split('\n').slice(0, 5).join('\n');
    expect(header).toContain(`currency-codes@${DATA_VERSION}`);
    expect(header).toContain('node scripts/generate-iso-4217.mjs');
    expect(ISO_4217_PUBLISHED).toBe(currencyCodes.publishDate);
  });

  it('matches every code of currency-codes, leaving out exactly the "N.A." ones', () => {
    const xml = isoXmlMinorUnits();
    const withExponent = Object.entries(ISO_4217_EXPONENTS);
    expect(withExponent.length).toBeGreaterThan(150);
    expect(withExponent.length + ISO_4217_NO_MINOR_UNIT.length).toBe(currencyCodes.data.length);
    for (const { code, digits } of currencyCodes.data) {
      if (xml.get(code) === 'N.A.') {
        expect(ISO_4217_NO_MINOR_UNIT, code).toContain(code);
        expect(Object.hasOwn(ISO_4217_EXPONENTS, code), code).toBe(false);
      } else {
        expect(ISO_4217_EXPONENTS[code], code).toBe(digits);
        expect(xml.get(code), code).toBe(String(digits));
      }
    }
    expect([...xml.keys()].sort()).toEqual(currencyCodes.codes().sort());
  });

  it('has only 3-letter upper-case codes and integer exponents from 0 to 4', () => {
    for (const [code, exponent] of Object.entries(ISO_4217_EXPONENTS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4], code).toContain(exponent);
    }
    for (const code of ISO_4217_NO_MINOR_UNIT) expect(code).toMatch(/^[A-Z]{3}$/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ISO_4217_EXPONENTS)).toBe(true);
    expect(Object.isFrozen(ISO_4217_NO_MINOR_UNIT)).toBe(true);
  });
});

describe('currencyExponent from ISO 4217', () => {
  it.each([
    ['COP', 2],
    ['IDR', 2],
    ['HUF', 2],
    ['IQD', 3],
    ['KWD', 3],
    ['JPY', 0],
    ['CLF', 4],
    ['UYW', 4],
    ['VED', 2],
    ['VES', 2],
    ['EUR', 2],
    ['XOF', 0],
  ])('%s has %d', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(currencyExponent(code.toLowerCase())).toBe(exponent);
  });

  it('answers every code of the table, which holds every code with a minor unit', () => {
    for (const [code, exponent] of Object.entries(ISO_4217_EXPONENTS)) {
      expect(currencyExponent(code), code).toBe(exponent);
    }
  });

  it('reads an amount with fewer decimals than ISO allows, refuses one with more', () => {
    expect(toMinorUnits('150000', 'IDR')).toBe(15000000);
    expect(toMinorUnits('1.5', 'CLF')).toBe(15000);
    expect(caught(() => toMinorUnits('150000.123', 'IDR')).message).toContain(
      'more decimals than IDR allows (2)',
    );
    expect(caught(() => toMinorUnits('1.00001', 'clf')).message).toContain(
      'more decimals than CLF allows (4)',
    );
  });

  // The decision for "N.A." codes: refused like an unknown code (same error codes), because they
  // are precious metals, units of account, the testing code and "no currency", not currencies of
  // payments, and ISO gives them no exponent to use.
  it.each(['XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XBA', 'XSU', 'XUA', 'XTS', 'XXX', 'xau'])(
    'refuses %s, which has no minor unit in ISO 4217',
    (code) => {
      const error = caught(() => currencyExponent(code));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('no minor unit in ISO 4217');
      const fromProvider = caught(() =>
        toMinorUnits('1', code, { errorCode: 'invalid_response', connector: 'acme' }),
      );
      expect(fromProvider.code).toBe('invalid_response');
      expect(fromProvider.connector).toBe('acme');
      expect(caught(() => minorUnits(1, code)).code).toBe('invalid_request');
      expect(caught(() => fromMinorUnits(1, code)).code).toBe('invalid_request');
    },
  );

  it('refuses every "N.A." code of the data package', () => {
    const na = [...isoXmlMinorUnits()].filter(([, units]) => units === 'N.A.').map(([c]) => c);
    expect(na).toContain('XXX');
    for (const code of na)
      expect(caught(() => currencyExponent(code)).code, code).toBe('invalid_request');
  });
});

describe('independence from Intl', () => {
  const realIntl = globalThis.Intl;
  afterEach(() => {
    globalThis.Intl = realIntl;
  });

  it('has no Intl in the money module source', () => {
    const files = readdirSync(MONEY_DIR).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('money.ts');
    for (const file of files) {
      const source = readFileSync(join(MONEY_DIR, file), 'utf8');
      expect(source, file).not.toContain('Intl.');
      expect(source, file).not.toMatch(/\bIntl\s*[.[]/);
    }
  });

  it('gives the same answers when Intl throws on every use', () => {
    // Any property read (NumberFormat, supportedValuesOf, ...) throws, so no use can go unseen.
    globalThis.Intl = new Proxy({} as typeof Intl, {
      get: () => {
        throw new Error('Intl was used');
      },
    });
    expect(() => new Intl.NumberFormat('en')).toThrow('Intl was used');
    expect(() => Intl.supportedValuesOf('currency')).toThrow('Intl was used');
    expect(currencyExponent('IDR')).toBe(2);
    expect(currencyExponent('cop')).toBe(2);
    expect(currencyExponent('IQD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    expect(currencyExponent('JPY')).toBe(0);
    expect(toMinorUnits('150000', 'IDR')).toBe(15000000);
    expect(fromMinorUnits(1, 'KWD')).toBe('0.001');
    expect(minorUnits(5, 'vED')).toEqual({ amount: 5, currency: 'VED' });
    expect(caught(() => currencyExponent('XYZ')).code).toBe('invalid_request');
    expect(caught(() => currencyExponent('XAU')).code).toBe('invalid_request');
  });
});
