/** A PayCash store (线下网点) and the agreement code (协议号) a payer gives there beside the reference. */
export interface PayCashStore {
  /** The store's name as Liquido writes it. */
  readonly store: string;
  /** `null`: the store needs no agreement code, the reference alone is enough. */
  readonly agreementCode: string | null;
}

/** Liquido's table of PayCash stores in Mexico and their agreement codes (seed 000), in its order. */
export const PAYCASH_STORES: readonly PayCashStore[] = Object.freeze(
  (
    [
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
    ] as const
  ).map(([store, agreementCode]) => Object.freeze({ store, agreementCode })),
);

/**
 * The form a store name is compared in: users type "walmart express", " WALMART  EXPRESS " or
 * "Santander (ventanilla - supernet)" for the same store. Case, accents, runs of whitespace,
 * spaces around "-" and parentheses, and curly apostrophes do not matter.
 */
export function normalizeStoreName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([-()])\s*/g, '$1')
    .trim();
}

const BY_NAME = new Map(PAYCASH_STORES.map((entry) => [normalizeStoreName(entry.store), entry]));

/** Liquido's record of a PayCash store, found however the name is typed; undefined for a store it does not list. */
export function payCashStore(store: string): PayCashStore | undefined {
  if (typeof store !== 'string') return undefined;
  return BY_NAME.get(normalizeStoreName(store));
}

/**
 * The agreement code a payer gives at this store beside the PayCash reference: a string, `null`
 * for a store that needs none, `undefined` for a store Liquido does not list.
 */
export function payCashAgreementCode(store: string): string | null | undefined {
  return payCashStore(store)?.agreementCode;
}
