import { createPrivateKey, sign } from 'node:crypto';

/** Every benchmark call cancels the same payment with the same request id: canned answers fit. */
export const BENCH_PAYMENT_ID = 'bench-payment-0001';
export const BENCH_REQUEST_ID = 'benchReq0001abcdefghijklmnopqrstu';
export const BENCH_TID = 'T125119061';
export const BENCH_TOKEN = 'bench-access-token-0123456789abcdef';
export const BENCH_APP_ID = 'a0dddd1f622243cb9aa1b676e808b5f8';

export interface CannedAnswer {
  body: string;
  headers: Record<string, string>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** The answers of the stub, by path: valid success bodies of each provider. */
export function cannedAnswers(payermaxPrivateKey: string): Record<string, CannedAnswer> {
  const yabandpay = JSON.stringify({
    status: true,
    code: '200',
    data: {
      type: 'payment',
      user: BENCH_TID,
      amount: '0.10',
      currency: 'EUR',
      trade_id: BENCH_PAYMENT_ID,
      description: 'bench',
      order_id: '280244567856723026',
      createDate: '1700000000',
      demo: 'test',
      transaction_id: '',
      state: 'cancelled',
    },
    message: '',
  });
  const payermax = JSON.stringify({
    msg: 'Success.',
    code: 'APPLY_SUCCESS',
    data: {
      cancelNo: '20240501123456ED0000000000000000001',
      requestId: BENCH_REQUEST_ID,
      outTradeNo: BENCH_PAYMENT_ID,
      status: 'PENDING',
      createdTime: '2024-05-01T12:34:56 +0000',
      succeededTime: null,
      failedTime: null,
      errorCode: null,
      errorMsg: null,
    },
  });
  // Without a key (the HTTP-only breakdown) the PayerMax answer goes unsigned.
  const key = payermaxPrivateKey
    ? createPrivateKey({
        key: Buffer.from(payermaxPrivateKey, 'base64'),
        format: 'der',
        type: 'pkcs8',
      })
    : undefined;
  const liquido = JSON.stringify({
    idempotencyKey: BENCH_PAYMENT_ID,
    referenceId: 'ref-0001',
    paymentMethod: 'PIX_DYNAMIC_QR',
    amount: 10000,
    currency: 'BRL',
    country: 'BR',
    transferStatus: 'CANCELLED',
    transferStatusCode: 200,
    transferErrorMsg: null,
  });
  return {
    '/Payments': { body: yabandpay, headers: JSON_TYPE },
    '/cancel': {
      body: payermax,
      headers: key
        ? { ...JSON_TYPE, sign: sign('sha256', Buffer.from(payermax), key).toString('base64') }
        : JSON_TYPE,
    },
    [`/v1/payments/charges/cancel/${BENCH_PAYMENT_ID}`]: { body: liquido, headers: JSON_TYPE },
    '/oauth2/token': {
      body: JSON.stringify({ access_token: BENCH_TOKEN, expires_in: 3600, token_type: 'Bearer' }),
      headers: JSON_TYPE,
    },
    '/echo': { body: '{"ok":true}', headers: JSON_TYPE },
  };
}
