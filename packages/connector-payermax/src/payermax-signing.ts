import { PaykitError } from '@paykit/core';
import {
  type HttpResult,
  type PreparedBody,
  parseInput,
  type RsaSigner,
  type RsaVerifier,
} from '@paykit/core/connector';
import {
  API_VERSION,
  formatRequestTime,
  KEY_VERSION,
  type RequestEnvelope,
  requestEnvelopeSchema,
} from './payermax-api.js';
import { PAYERMAX_ID } from './payermax-settings.js';

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
        connector: PAYERMAX_ID,
      });
      // Serialised once: the string signed is the string sent, byte for byte.
      const body = JSON.stringify(envelope);
      const signature = await options.signer.sign(body);
      return { body, headers: { sign: signature }, signing: { stringToSign: body, signature } };
    },
  };
}

/**
 * Checks the `sign` header of a gateway answer over the bytes as they came, as PayerMax signs
 * them: the text decoded from them differs for a body with a BOM or a byte that is not UTF-8.
 * Error answers may come unsigned; an answer that claims success must be signed, and a signature
 * that is present must verify, whatever the answer says.
 */
export async function verifyAnswerSignature(
  verifier: RsaVerifier,
  result: HttpResult,
  accepted: boolean,
  requestId: string,
): Promise<void> {
  const sign = result.headers.get('sign');
  if (!sign && !accepted) return;
  // `bytes` is absent only from a result made by hand.
  if (sign && (await verifier.verify(result.bytes ?? result.text, sign))) return;
  throw new PaykitError({
    code: 'signature_invalid',
    connector: PAYERMAX_ID,
    requestId,
    httpStatus: result.status,
    message: sign
      ? 'The sign header of the PayerMax answer does not verify with payermaxPublicKey.'
      : 'PayerMax answered without a sign header; the answer cannot be trusted.',
  });
}
