import { canonicalString, flattenForSigning } from '@paykit/core/connector';
import type { RequestEnvelope } from './yabandpay-api.js';
import { phpString } from './yabandpay-php-string.js';

type Unsigned = Omit<RequestEnvelope, 'sign'>;

/**
 * The string YabandPay signs for a request: `user`, `method`, `time` and the fields of `data`,
 * flattened one level, sorted by key, `k=v` joined with `&`, values raw.
 */
export function yabandPayStringToSign(envelope: Unsigned): string {
  return canonicalString(flattenForSigning(envelope, 'data', ['sign']));
}

/**
 * The string a notification is signed over: the fields inside `data` only (without `sign`),
 * sorted by key (ASCII), `k=v` joined with `&`, each value turned into text as YabandPay's PHP
 * code does (`"$k=$v&"`, see phpString): a `null` or `false` field is kept as `k=`, `true` is
 * `k=1`, a float prints with PHP's 14 significant digits.
 */
export function notificationStringToSign(data: Record<string, unknown>): string {
  return Object.keys(data)
    .filter((key) => key !== 'sign' && data[key] !== undefined)
    .sort()
    .map((key) => `${key}=${phpString(data[key])}`)
    .join('&');
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
