import { canonicalString, flattenForSigning } from '@paykit/core';
import type { RequestEnvelope } from './yabandpay-api.js';

type Unsigned = Omit<RequestEnvelope, 'sign'>;

/**
 * The string YabandPay signs for a request: `user`, `method`, `time` and the fields of `data`,
 * flattened one level, sorted by key, `k=v` joined with `&`, values raw.
 */
export function yabandPayStringToSign(envelope: Unsigned): string {
  return canonicalString(flattenForSigning(envelope, 'data', ['sign']));
}

/** The string a notification is signed over: the fields inside `data` only. */
export function notificationStringToSign(data: Record<string, unknown>): string {
  const { sign: _ignored, ...fields } = data;
  return canonicalString(fields);
}

export interface SignedRequest {
  envelope: RequestEnvelope;
  /** The JSON sent, made once so that every retry sends these exact bytes. */
  body: string;
  stringToSign: string;
}

/** Signs an envelope and serialises it in the field order of the seed's example. */
export async function signRequest(
  hmac: (message: string) => Promise<string>,
  unsigned: Unsigned,
): Promise<SignedRequest> {
  const stringToSign = yabandPayStringToSign(unsigned);
  const sign = await hmac(stringToSign);
  const envelope: RequestEnvelope = {
    user: unsigned.user,
    sign,
    method: unsigned.method,
    time: unsigned.time,
    data: unsigned.data,
  };
  return { envelope, body: JSON.stringify(envelope), stringToSign };
}
