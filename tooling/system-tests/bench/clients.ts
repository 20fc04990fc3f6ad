// What a careful developer would write by hand for the same cancel, to measure paykit against:
// the same signed request to the same stub, with node:crypto, through a plain ky call or raw fetch.
import { createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import ky from 'ky';
import {
  BENCH_APP_ID,
  BENCH_PAYMENT_ID,
  BENCH_REQUEST_ID,
  BENCH_TID,
  BENCH_TOKEN,
} from './canned.js';

export type Transport = 'ky' | 'fetch' | 'fetch+timeout';

interface Prepared {
  url: string;
  headers: Record<string, string>;
  body?: string;
}

type Send = (request: Prepared) => Promise<{ status: number; text: string; headers: Headers }>;

const sendWithFetch: Send = async ({ url, headers, body }) => {
  const response = await fetch(url, { method: 'POST', headers, ...(body ? { body } : {}) });
  return { status: response.status, text: await response.text(), headers: response.headers };
};

// Raw fetch with the one thing no payments call goes without, a timeout: what its signal costs.
const sendWithFetchTimeout: Send = async ({ url, headers, body }) => {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    ...(body ? { body } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
};

// A plain ky call on the default instance, with the timeout and retries a payments call needs.
const sendWithKy: Send = async ({ url, headers, body }) => {
  const response = await ky.post(url, {
    headers,
    ...(body ? { body } : {}),
    timeout: 15_000,
    retry: { limit: 2, methods: ['post'] },
    throwHttpErrors: false,
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
};

const SENDERS: Record<Transport, Send> = {
  fetch: sendWithFetch,
  'fetch+timeout': sendWithFetchTimeout,
  ky: sendWithKy,
};

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export interface HandWrittenKeys {
  yabandpaySecretKey: string;
  liquidoApiKey: string;
  merchantPrivateKey: string;
  payermaxPublicKey: string;
}

/** A cancel through `transport`, checked as the connector checks it; throws on anything else. */
export function handWrittenCancel(
  connector: 'liquido' | 'payermax' | 'yabandpay',
  baseUrl: string,
  transport: Transport,
  keys: HandWrittenKeys,
): () => Promise<void> {
  const send = SENDERS[transport];
  switch (connector) {
    case 'yabandpay':
      return async () => {
        const data = { tid: BENCH_TID, trade_id: BENCH_PAYMENT_ID, request_id: BENCH_REQUEST_ID };
        const method = 'v3.POSReversal';
        const time = Math.floor(Date.now() / 1000);
        const fields: Record<string, string | number> = { user: BENCH_TID, method, time, ...data };
        const stringToSign = Object.keys(fields)
          .sort()
          .map((k) => `${k}=${fields[k]}`)
          .join('&');
        const signature = createHmac('sha256', keys.yabandpaySecretKey)
          .update(stringToSign)
          .digest('hex');
        const body = JSON.stringify({ user: BENCH_TID, sign: signature, method, time, data });
        const answer = await send({ url: `${baseUrl}/Payments`, headers: JSON_HEADERS, body });
        const parsed = JSON.parse(answer.text);
        if (answer.status !== 200 || parsed.status !== true || parsed.data?.state !== 'cancelled')
          throw new Error('unexpected YabandPay answer');
      };
    case 'payermax': {
      const privateKey = createPrivateKey({
        key: Buffer.from(keys.merchantPrivateKey, 'base64'),
        format: 'der',
        type: 'pkcs8',
      });
      const publicKey = createPublicKey({
        key: Buffer.from(keys.payermaxPublicKey, 'base64'),
        format: 'der',
        type: 'spki',
      });
      return async () => {
        const body = JSON.stringify({
          version: '1.5',
          keyVersion: '1',
          requestTime: `${new Date().toISOString().slice(0, 23)}+00:00`,
          appId: BENCH_APP_ID,
          data: { requestId: BENCH_REQUEST_ID, outTradeNo: BENCH_PAYMENT_ID },
        });
        const signature = sign('sha256', Buffer.from(body), privateKey).toString('base64');
        const answer = await send({
          url: `${baseUrl}/cancel`,
          headers: { ...JSON_HEADERS, sign: signature },
          body,
        });
        const answerSign = answer.headers.get('sign') ?? '';
        if (
          !verify('sha256', Buffer.from(answer.text), publicKey, Buffer.from(answerSign, 'base64'))
        )
          throw new Error('PayerMax answer signature does not verify');
        const parsed = JSON.parse(answer.text);
        if (parsed.code !== 'APPLY_SUCCESS' || parsed.data?.requestId !== BENCH_REQUEST_ID)
          throw new Error('unexpected PayerMax answer');
      };
    }
    case 'liquido':
      // The token is fetched once, outside the measurement, as the connector caches it too.
      return async () => {
        const answer = await send({
          url: `${baseUrl}/v1/payments/charges/cancel/${encodeURIComponent(BENCH_PAYMENT_ID)}`,
          headers: {
            accept: 'application/json',
            authorization: `Bearer ${BENCH_TOKEN}`,
            'x-api-key': keys.liquidoApiKey,
          },
        });
        const parsed = JSON.parse(answer.text);
        if (answer.status !== 200 || parsed.transferStatus !== 'CANCELLED')
          throw new Error('unexpected Liquido answer');
      };
  }
}

/** The bare HTTP round trip, without any provider: for the HTTP layer on its own. */
export function echoCall(baseUrl: string, transport: Transport): () => Promise<void> {
  const send = SENDERS[transport];
  const body = JSON.stringify({ paymentId: BENCH_PAYMENT_ID, requestId: BENCH_REQUEST_ID });
  return async () => {
    const answer = await send({ url: `${baseUrl}/echo`, headers: JSON_HEADERS, body });
    if (answer.status !== 200 || answer.text !== '{"ok":true}') throw new Error('bad echo');
  };
}
