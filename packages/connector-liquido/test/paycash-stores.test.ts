import { describe, expect, it } from 'vitest';
import * as pkg from '../src/index.js';
import { PAYCASH_STORES, payCashAgreementCode, payCashStore } from '../src/index.js';
import { normalizeStoreName } from '../src/liquido-paycash-stores.js';

// Seed 000's table (协议号对照表), copied row by row.
const SEED_TABLE: readonly [string, string | null][] = [
  ['7-ELEVEN', null],
  ['Kiosko', null],
  ['Farmacias YZA', null],
  ['BBVA (PRACTICAJA - BANCA DIGITAL)', '1420712'],
  ['Caja Cerano', null],
  ['Caja Morelia Valladolid', null],
  ['Caja Oblatos', null],
  ['SMB Rural', null],
  ['CALIMAX', null],
  ['Circulo K', null],
  ['Tiendas Extra', null],
  ['CITY CLUB', null],
  ['FARMACIA LA MAS BARATA', null],
  ['FARMACIAS ROMA', null],
  ['HSBC', '7755'],
  ['Santander (VENTANILLA - SUPERNET)', '7292'],
  ['SORIANA', null],
  ['SUPER CITY', null],
  ['SUPER DEL NORTE', null],
  ['Telecomm', '3724'],
  ['Bodega Aurrera', '198'],
  ['Walmart', '198'],
  ["Sam's Club", '198'],
  ['Walmart express', '198'],
  ['Via servicios', null],
  ['BANORTE (VENTANILLA -BANCA DIGITAL)', '3724'],
  ['AFIRME (BANCA DIGITAL)', null],
];

const messy = (name: string) =>
  `  ${name.toUpperCase().replace(/ /g, '   ').replace(/-/g, ' - ').replace(/\(/g, '( ')}\t`;

describe('PayCash agreement codes', () => {
  it('holds the seed table, in its order', () => {
    expect(PAYCASH_STORES.map((s) => [s.store, s.agreementCode])).toEqual(SEED_TABLE);
    expect(PAYCASH_STORES).toHaveLength(27);
    expect(Object.isFrozen(PAYCASH_STORES)).toBe(true);
    expect(Object.isFrozen(PAYCASH_STORES[0])).toBe(true);
  });

  it.each(SEED_TABLE)('finds "%s" → %s, however it is typed', (store, agreementCode) => {
    const expected = { store, agreementCode };
    expect(payCashStore(store)).toEqual(expected);
    expect(payCashStore(store.toLowerCase())).toEqual(expected);
    expect(payCashStore(store.toUpperCase())).toEqual(expected);
    expect(payCashStore(messy(store))).toEqual(expected);
    expect(payCashAgreementCode(messy(store))).toBe(agreementCode);
  });

  it('tolerates the spellings users type', () => {
    expect(payCashAgreementCode('walmart express')).toBe('198');
    expect(payCashAgreementCode(' WALMART  EXPRESS ')).toBe('198');
    expect(payCashAgreementCode('Santander (ventanilla - supernet)')).toBe('7292');
    expect(payCashAgreementCode('santander(ventanilla-supernet)')).toBe('7292');
    expect(payCashAgreementCode('Banorte (Ventanilla - Banca Digital)')).toBe('3724');
    expect(payCashAgreementCode('bbva (practicaja-banca digital)')).toBe('1420712');
    expect(payCashStore('Círculo K')).toEqual({ store: 'Circulo K', agreementCode: null });
    expect(payCashAgreementCode('Círculo K')).toBeNull();
    expect(payCashAgreementCode('Sam’s Club')).toBe('198');
    expect(payCashAgreementCode('7 - eleven')).toBeNull();
  });

  it('tells "no code needed" (null) from "unknown store" (undefined)', () => {
    expect(payCashAgreementCode('OXXO')).toBeUndefined();
    expect(payCashAgreementCode('Walmart Supercenter')).toBeUndefined();
    expect(payCashAgreementCode('')).toBeUndefined();
    expect(payCashAgreementCode(undefined as never)).toBeUndefined();
    expect(payCashAgreementCode('Kiosko')).toBeNull();
    expect(payCashStore('Kiosko')).toEqual({ store: 'Kiosko', agreementCode: null });
    expect(payCashStore('OXXO')).toBeUndefined();
  });

  it('keeps every normalised name distinct', () => {
    expect(new Set(PAYCASH_STORES.map((s) => normalizeStoreName(s.store))).size).toBe(
      PAYCASH_STORES.length,
    );
  });

  it('is exported from the package index', () => {
    expect(pkg.PAYCASH_STORES).toBe(PAYCASH_STORES);
    expect(pkg.payCashAgreementCode).toBe(payCashAgreementCode);
    expect(pkg.payCashStore).toBe(payCashStore);
  });
});
