import type { LiquidoCountry, LiquidoPaymentMethod } from '../liquido-cancel-rules.js';
import type { LiquidoStatus } from '../liquido-status.js';

/** A charge as the simulator keeps it. */
export interface SimCharge {
  idempotencyKey: string;
  country: LiquidoCountry;
  paymentMethod: LiquidoPaymentMethod;
  transferStatus: LiquidoStatus;
  /** Integer minor units. */
  amount: number;
  currency: string;
  description: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  finalStatusAt?: number;
  /** For PAY_CASH charges: the number the payer quotes at the store. */
  payCashReference: string;
}

/** A reusable PayCash reference (seed 000), ACTIVE until cancelled. */
export interface SimReference {
  idempotencyKey: string;
  country: 'MX';
  currency: 'MXN';
  status: 'ACTIVE' | 'CANCELLED';
  /** Integer minor units; 0 for an open amount, as in the seed. */
  amount: number;
  /** "yyyy-MM-dd", local date. */
  expirationDate: string;
  reference: string;
  description: string;
  createdAt: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2022-06-02 11:45:44" in UTC. */
function dateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Seed 001 writes charge times as "2022-06-02 11:45:44 GMT+08:00"; the simulator runs on UTC. */
export const chargeTime = (ms: number) => `${dateTime(ms)} GMT+00:00`;
/** Seed 000 writes reference times as "2023-10-20 02:40:07 UTC". */
export const utcTime = (ms: number) => `${dateTime(ms)} UTC`;
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const DAY_MS = 86_400_000;

const PAYERS: Record<LiquidoCountry, unknown> = {
  // The seed's own payer.
  BR: {
    name: 'Thiago Gabriel',
    document: { documentId: '00123456789', type: 'CPF' },
    email: 'thiago@example.com',
    phone: '+55 81987654321',
    billingAddress: {
      zipCode: '04849333',
      state: 'SP',
      city: 'sao paulo',
      district: 'Jardim Gaivotas',
      street: 'Rua 9 de setembro',
      number: '15',
      complement: 'casa',
      country: 'BR',
    },
  },
  MX: {
    name: 'Maria Lopez',
    document: { documentId: 'LOMA800101MDFPRR09', type: 'CURP' },
    email: 'maria@example.com',
    phone: '+52 5512345678',
    billingAddress: {
      zipCode: '06600',
      state: 'CMX',
      city: 'ciudad de mexico',
      district: 'Juarez',
      street: 'Paseo de la Reforma',
      number: '222',
      complement: 'piso 3',
      country: 'MX',
    },
  },
  CO: {
    name: 'Andres Gomez',
    document: { documentId: '1020304050', type: 'CC' },
    email: 'andres@example.com',
    phone: '+57 3001234567',
    billingAddress: {
      zipCode: '110111',
      state: 'DC',
      city: 'bogota',
      district: 'Chapinero',
      street: 'Carrera 7',
      number: '71-21',
      complement: 'oficina 501',
      country: 'CO',
    },
  },
};

const PIX_QR =
  '00020101021226580014BR.GOV.BCB.PIX01366b780a05-2659-4c6c-80d2-a8bd20c8396f52040000530398654041.005802BR5925Liquido Brl Pagamentos Di6014Belo Horizonte61083038040362290525ftg0pwqTUpQyFNXEXPzNuWQvL6304B717';

/**
 * `transferDetails` by method. The seed shows only `pix`; the other shapes are the simulator's
 * own, kept small, and `payCash` follows seed 000.
 */
function transferDetails(charge: SimCharge): Record<string, unknown> {
  const expires = charge.createdAt + 3 * DAY_MS;
  switch (charge.paymentMethod) {
    case 'PIX_DYNAMIC_QR':
      return { pix: { qrCode: PIX_QR, qrCodeType: 'DYNAMIC', expirationTime: utcTime(expires) } };
    case 'BOLETO':
      return {
        boleto: {
          digitalLine: '34191790010104351004791020150008291070026000',
          expirationDate: isoDate(expires),
        },
      };
    case 'CREDIT_CARD':
      return {
        creditCard: {
          cardHolderName: 'TEST HOLDER',
          brand: 'VISA',
          last4: '1111',
          installments: 1,
        },
      };
    case 'PIC_PAY':
      return {
        picPay: { qrCode: 'https://app.picpay.com/checkout/sim', expirationTime: utcTime(expires) },
      };
    case 'AME_QR':
      return {
        ame: { qrCode: 'https://www.amedigital.com/pagar/sim', expirationTime: utcTime(expires) },
      };
    case 'MERCADO_PAGO':
      return { mercadoPago: { paymentUrl: 'https://www.mercadopago.com.br/checkout/sim' } };
    case 'BANK_TRANSFER':
      return {
        bankTransfer: { clabe: '646180157000000004', bankName: 'STP', concept: charge.description },
      };
    case 'PAY_CASH':
      return {
        payCash: {
          amount: charge.amount,
          expirationDate: isoDate(expires),
          reference: charge.payCashReference,
        },
      };
  }
}

/** A charge in the shape of seed 001, fields in its order. */
export function chargeBody(
  charge: SimCharge,
  outcome: { transferStatusCode: number; transferErrorMsg: string | null } = {
    transferStatusCode: 200,
    transferErrorMsg: null,
  },
): Record<string, unknown> {
  return {
    transferStatusCode: outcome.transferStatusCode,
    transferErrorMsg: outcome.transferErrorMsg,
    idempotencyKey: charge.idempotencyKey,
    referenceId: charge.idempotencyKey,
    paymentMethod: charge.paymentMethod,
    amount: charge.amount,
    currency: charge.currency,
    country: charge.country,
    finalAmount: charge.amount,
    finalCurrency: charge.currency,
    createTime: chargeTime(charge.createdAt),
    scheduledTime: chargeTime(charge.createdAt),
    finalStatusTime: charge.finalStatusAt === undefined ? null : chargeTime(charge.finalStatusAt),
    payer: PAYERS[charge.country],
    transferStatus: charge.transferStatus,
    description: charge.description,
    callbackUrl: 'http://api.client.com/notifications',
    transferDetails: transferDetails(charge),
    subMerchantId: '7d1c4a4e-0d55-4a8e-9a43-6c2f1f7b8e21',
  };
}

/** A PayCash reference in the shape of seed 000, fields in its order; a refusal adds `transferErrorMsg`. */
export function referenceBody(
  reference: SimReference,
  refusal?: { code: number; message: string },
) {
  return {
    transferStatusCode: refusal?.code ?? 200,
    ...(refusal ? { transferErrorMsg: refusal.message } : {}),
    idempotencyKey: reference.idempotencyKey,
    country: reference.country,
    currency: reference.currency,
    createTime: utcTime(reference.createdAt),
    status: reference.status,
    description: reference.description,
    transferDetails: {
      payCash: {
        amount: reference.amount,
        expirationDate: reference.expirationDate,
        reference: reference.reference,
      },
    },
  };
}
