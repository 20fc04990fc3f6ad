/** The simulator's memory: orders in PayerMax's auth-capture states and their cancels. */

export type PayerMaxSimStatus =
  | 'PENDING' // created, the user has not paid
  | 'AUTHORIZED' // authorised, not captured: the only state a cancel applies to
  | 'CAPTURED'
  | 'CANCELLED'
  | 'CLOSED' // not paid within the validity period
  | 'FAILED'
  | 'REFUNDED';

export type SimCancelStatus = 'PENDING' | 'SUCCESS' | 'FAILED';

export interface SimCancel {
  cancelNo: string;
  requestId: string;
  outTradeNo: string;
  status: SimCancelStatus;
  createdTime: string;
  succeededTime: string | null;
  failedTime: string | null;
  errorCode: string | null;
  errorMsg: string | null;
}

export interface SimPayment {
  outTradeNo: string;
  /** PayerMax's own order id, as orderQuery answers it. */
  tradeToken: string;
  status: PayerMaxSimStatus;
  /** Decimal major units, as PayerMax's totalAmount. */
  totalAmount: number;
  currency: string;
  country: string;
  cancels: SimCancel[];
}

export interface SeedPaymentOptions {
  outTradeNo?: string;
  status?: PayerMaxSimStatus;
  /** Major units, as PayerMax's totalAmount (e.g. 25.5). Default 100. */
  amount?: number;
  currency?: string;
  /** ISO 3166 alpha-2; default from the currency (SA for SAR, ...), else US. */
  country?: string;
}

/** `data.status` of an orderQuery answer. */
export type SimOrderStatus = 'SUCCESS' | 'PENDING' | 'FAILED' | 'CLOSED';

/** `data` of an orderQuery answer, as the simulator sends it. */
export interface SimOrder {
  outTradeNo: string;
  tradeToken: string;
  totalAmount: number;
  currency: string;
  country: string;
  status: SimOrderStatus;
  captureMode: 'MANUAL';
}

/**
 * The order's state as orderQuery reports it. Every simulated order is an auth-capture order
 * (`captureMode: MANUAL`). Assumptions, since PayerMax documents no field for them: an order
 * that was authorised stays `SUCCESS` whatever happened to the authorisation since, so a
 * captured, cancelled (voided) or refunded order answers `SUCCESS` like an authorised one. A void
 * does not make the payment unpaid, failed or expired, and orderQuery has no cancel status (a
 * cancel's outcome comes from the cancel API and the CANCEL notification), so `SUCCESS` is the
 * most plausible answer, and the one that keeps anyone from reading a cancel into it.
 */
export const SIM_ORDER_STATUS = {
  PENDING: 'PENDING',
  AUTHORIZED: 'SUCCESS',
  CAPTURED: 'SUCCESS',
  CANCELLED: 'SUCCESS',
  REFUNDED: 'SUCCESS',
  CLOSED: 'CLOSED',
  FAILED: 'FAILED',
} as const satisfies Record<PayerMaxSimStatus, SimOrderStatus>;

const COUNTRY_OF_CURRENCY: Record<string, string> = {
  SAR: 'SA',
  AED: 'AE',
  THB: 'TH',
  IDR: 'ID',
  EUR: 'DE',
  USD: 'US',
};

/** A PayerMax error answer's `{code, msg}`. */
export interface SimRefusal {
  code: string;
  msg: string;
}

interface CancelRecord extends SimCancel {
  createdAt: number;
}

interface PaymentRecord {
  outTradeNo: string;
  tradeToken: string;
  status: PayerMaxSimStatus;
  totalAmount: number;
  currency: string;
  country: string;
  cancels: CancelRecord[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2023-08-06T23:50:59 +0000`, the format of the seed's createdTime. */
function providerTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)} +0000`;
}

function stampOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

function cancelNumber(ms: number, seq: number): string {
  return `${stampOf(ms)}ED${pad(seq, 19)}`;
}

export function createSimStore(options: { now: () => number; settleAfterMs: number }) {
  const { now, settleAfterMs } = options;
  const payments = new Map<string, PaymentRecord>();
  const cancelsByRequest = new Map<string, CancelRecord>();
  let seq = 0;

  // A pending cancel settles once settleAfterMs has passed and someone looks at it again.
  function settle(payment: PaymentRecord, accessedAt: number) {
    for (const cancel of payment.cancels) {
      if (cancel.status !== 'PENDING' || accessedAt - cancel.createdAt < settleAfterMs) continue;
      cancel.status = 'SUCCESS';
      cancel.succeededTime = providerTime(accessedAt);
      payment.status = 'CANCELLED';
    }
  }

  const view = (payment: PaymentRecord): SimPayment => ({
    outTradeNo: payment.outTradeNo,
    tradeToken: payment.tradeToken,
    status: payment.status,
    totalAmount: payment.totalAmount,
    currency: payment.currency,
    country: payment.country,
    cancels: payment.cancels.map(({ createdAt: _, ...cancel }) => ({ ...cancel })),
  });

  function newCancel(payment: PaymentRecord, requestId: string, at: number): CancelRecord {
    const cancel: CancelRecord = {
      cancelNo: cancelNumber(at, ++seq),
      requestId,
      outTradeNo: payment.outTradeNo,
      status: 'PENDING',
      createdTime: providerTime(at),
      succeededTime: null,
      failedTime: null,
      errorCode: null,
      errorMsg: null,
      createdAt: at,
    };
    payment.cancels.push(cancel);
    cancelsByRequest.set(requestId, cancel);
    return cancel;
  }

  return {
    seed(seedOptions: SeedPaymentOptions = {}): string {
      const at = now();
      const outTradeNo = seedOptions.outTradeNo ?? `ORDER${at}${pad(++seq, 6)}`;
      const currency = (seedOptions.currency ?? 'USD').toUpperCase();
      payments.set(outTradeNo, {
        outTradeNo,
        tradeToken: `T${stampOf(at)}${pad(++seq, 10)}`,
        status: seedOptions.status ?? 'AUTHORIZED',
        totalAmount: seedOptions.amount ?? 100,
        currency,
        country: seedOptions.country ?? COUNTRY_OF_CURRENCY[currency] ?? 'US',
        cancels: [],
      });
      return outTradeNo;
    },

    get(outTradeNo: string): SimPayment | undefined {
      const payment = payments.get(outTradeNo);
      if (!payment) return undefined;
      settle(payment, now());
      return view(payment);
    },

    list(): SimPayment[] {
      const at = now();
      return [...payments.values()].map((payment) => {
        settle(payment, at);
        return view(payment);
      });
    },

    /** The orderQuery API, after the envelope passed every check. */
    query(outTradeNo: string): SimOrder | SimRefusal {
      const payment = payments.get(outTradeNo);
      if (!payment) return { code: 'ORDER_NOT_EXIST', msg: 'Order does not exist.' };
      settle(payment, now());
      return {
        outTradeNo: payment.outTradeNo,
        tradeToken: payment.tradeToken,
        totalAmount: payment.totalAmount,
        currency: payment.currency,
        country: payment.country,
        status: SIM_ORDER_STATUS[payment.status],
        captureMode: 'MANUAL',
      };
    },

    /**
     * The cancel API's business rules, after the envelope passed every check. A repeated cancel
     * with the same requestId and outTradeNo is the same cancel, answered as it stands now
     * (SUCCESS once it settled, PENDING while it has not, FAILED if it failed), never an error:
     * that is how a merchant whose answer was lost finds out what happened.
     */
    cancel(requestId: string, outTradeNo: string): SimCancel | SimRefusal {
      const at = now();
      const seen = cancelsByRequest.get(requestId);
      if (seen && seen.outTradeNo !== outTradeNo) {
        return { code: 'DUPLICATE_REQUEST', msg: 'requestId has been used for another order.' };
      }
      const payment = payments.get(outTradeNo);
      if (!payment) return { code: 'ORDER_NOT_EXIST', msg: 'Order does not exist.' };
      settle(payment, at);
      // The same requestId is the same cancel, as it stands now.
      if (seen) return view(payment).cancels.find((c) => c.requestId === requestId)!;
      switch (payment.status) {
        case 'AUTHORIZED': {
          if (payment.cancels.some((c) => c.status === 'PENDING')) {
            return {
              code: 'ORDER_STATUS_NOT_SUPPORT',
              msg: 'A cancel of this order is in progress.',
            };
          }
          const { createdAt: _, ...cancel } = newCancel(payment, requestId, at);
          return cancel;
        }
        case 'CAPTURED': {
          // Accepted, then failed: the answer carries the reason in data.errorCode.
          const cancel = newCancel(payment, requestId, at);
          cancel.status = 'FAILED';
          cancel.failedTime = providerTime(at);
          cancel.errorCode = 'ORDER_STATUS_NOT_SUPPORT';
          cancel.errorMsg = 'The order has been captured; refund it instead.';
          const { createdAt: _, ...view } = cancel;
          return view;
        }
        case 'CANCELLED':
          return { code: 'ORDER_CANCELLED', msg: 'The order has been cancelled.' };
        case 'CLOSED':
          return { code: 'ORDER_CLOSED', msg: 'The order has been closed.' };
        default:
          return { code: 'ORDER_STATUS_NOT_SUPPORT', msg: 'Order status does not support cancel.' };
      }
    },
  };
}

export type SimStore = ReturnType<typeof createSimStore>;
