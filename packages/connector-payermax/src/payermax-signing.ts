import { type PreparedBody, parseInput, type RsaSigner } from '@paykit/core';
import {
  API_VERSION,
  formatRequestTime,
  KEY_VERSION,
  type RequestEnvelope,
  requestEnvelopeSchema,
} from './payermax-api.js';

export interface PayerMaxRequestSignerOptions {
  appId: string;
  merchantNo?: string;
  signer: RsaSigner;
  /** The clock behind requestTime, in epoch ms (default Date.now). */
  now?: () => number;
}

export interface PayerMaxRequestSigner {
  /**
   * Builds the gateway envelope around `data` with a fresh requestTime, serialises it once and
   * signs that exact string: the body to send and its `sign` header.
   */
  prepare(data: Record<string, unknown>, options?: { version?: string }): Promise<PreparedBody>;
}

/** Signs PayerMax gateway requests: SHA256withRSA over the exact UTF-8 body sent. */
export function createPayerMaxRequestSigner(
  options: PayerMaxRequestSignerOptions,
): PayerMaxRequestSigner {
  const now = options.now ?? Date.now;
  return {
    async prepare(data, prepareOptions) {
      const envelope: RequestEnvelope = {
        version: prepareOptions?.version ?? API_VERSION,
        keyVersion: KEY_VERSION,
        requestTime: formatRequestTime(now()),
        appId: options.appId,
        ...(options.merchantNo !== undefined ? { merchantNo: options.merchantNo } : {}),
        data,
      };
      // Settings and input were validated already; this guards the envelope shape itself.
      parseInput(requestEnvelopeSchema, envelope, {
        what: 'PayerMax request',
        connector: 'payermax',
      });
      // Serialised once: the string signed is the string sent, byte for byte.
      const body = JSON.stringify(envelope);
      const signature = await options.signer.sign(body);
      return { body, headers: { sign: signature }, signing: { stringToSign: body, signature } };
    },
  };
}
