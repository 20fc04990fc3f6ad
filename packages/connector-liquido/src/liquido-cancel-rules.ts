import type { LiquidoStatus } from './liquido-status.js';

export type LiquidoCountry = 'BR' | 'MX' | 'CO';

/** The payment methods Liquido's cancel pages name. */
export const LIQUIDO_PAYMENT_METHODS = [
  'PIX_DYNAMIC_QR',
  'BOLETO',
  'CREDIT_CARD',
  'PIC_PAY',
  'AME_QR',
  'MERCADO_PAGO',
  'BANK_TRANSFER',
  'PAY_CASH',
] as const;
export type LiquidoPaymentMethod = (typeof LIQUIDO_PAYMENT_METHODS)[number];

/**
 * Which charges Liquido lets a merchant cancel: per country, the method and the one state it
 * must be in (seed 001 for Brazil, Liquido's public pages for the newer Brazil methods, Mexico
 * and Colombia). Liquido itself decides; the connector does not pre-check, this table is for
 * showing users what to expect and for the simulator.
 */
export const LIQUIDO_CANCEL_RULES: Readonly<
  Record<LiquidoCountry, Readonly<Partial<Record<LiquidoPaymentMethod, LiquidoStatus>>>>
> = {
  BR: {
    PIX_DYNAMIC_QR: 'IN_PROGRESS',
    BOLETO: 'IN_PROGRESS',
    CREDIT_CARD: 'AUTHORIZED',
    PIC_PAY: 'IN_PROGRESS',
    AME_QR: 'IN_PROGRESS',
    MERCADO_PAGO: 'IN_PROGRESS',
  },
  MX: {
    CREDIT_CARD: 'AUTHORIZED',
    BANK_TRANSFER: 'IN_PROGRESS',
    PAY_CASH: 'IN_PROGRESS',
  },
  CO: {
    CREDIT_CARD: 'AUTHORIZED',
    PAY_CASH: 'IN_PROGRESS',
  },
};

/** Whether a charge in this country, method and state may be cancelled. */
export function isCancellable(
  country: string,
  paymentMethod: string,
  transferStatus: string,
): boolean {
  const rules = LIQUIDO_CANCEL_RULES[country as LiquidoCountry];
  return rules?.[paymentMethod as LiquidoPaymentMethod] === transferStatus;
}
