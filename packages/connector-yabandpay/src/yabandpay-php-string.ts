/**
 * PHP's string conversion of a value, as YabandPay's PHP code applies it to every field of a
 * notification's `data` when it builds the string to sign (`"$k=$v&"`):
 *
 * - strings stay as they are;
 * - `null` (and a JS `undefined`) and `false` become `''`, `true` becomes `'1'`;
 * - a number that is a safe integer is a PHP int and prints as its digits;
 * - any other number is a PHP float and prints as PHP does with `precision=14`: 14 significant
 *   digits, rounded half to even, trailing zeros dropped, exponent form (`1.0E+25`, `1.0E-5`)
 *   when the decimal exponent is below -4 or above 14; `INF`, `-INF`, `NAN`;
 * - an array or an object (JSON objects decode to PHP arrays) becomes `'Array'`, as PHP's
 *   `(string)` of an array does: its contents are not part of what is signed.
 *
 * JSON.parse does not tell `1.0` from `1`; that only matters for integral floats of 1e14 or more,
 * which this reads as the PHP ints they look like.
 */
export function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? String(value) : phpFloatString(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') return 'Array';
  return String(value);
}

/** PHP's `(string)` of a float with `precision=14` (php_gcvt with 14 digits, mode 2). */
export function phpFloatString(value: number): string {
  if (Number.isNaN(value)) return 'NAN';
  if (value === Number.POSITIVE_INFINITY) return 'INF';
  if (value === Number.NEGATIVE_INFINITY) return '-INF';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0`;
  const { digits, pointAt } = fourteenDigits(Math.abs(value));
  return sign + layOut(digits, pointAt);
}

const PRECISION = 14;

/**
 * The value rounded to 14 significant digits, half to even as PHP's zend_dtoa does: the digits
 * without trailing zeros, and where the decimal point goes (value = 0.digits × 10^pointAt).
 */
function fourteenDigits(value: number): { digits: string; pointAt: number } {
  // toExponential rounds the exact binary value correctly, but a tie upwards.
  const [mantissa = '', exponentText = '0'] = value.toExponential(PRECISION - 1).split('e');
  let digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const last = Number(digits[digits.length - 1]);
  if (last % 2 === 1 && isTieBelow(value, digits, exponent)) {
    // Round the tie to the even neighbour below; an odd last digit never borrows.
    digits = digits.slice(0, -1) + String(last - 1);
  }
  return { digits: digits.replace(/0+$/, ''), pointAt: exponent + 1 };
}

/**
 * Whether `value` lies exactly halfway between `digits` × 10^(exponent-13) and the 14-digit
 * number below it, so that rounding half up (toExponential) and half to even differ.
 */
function isTieBelow(value: number, digits: string, exponent: number): boolean {
  // Cheap filter: a tie has a 5 as its 15th significant digit and nothing after it.
  const fifteen = value.toExponential(PRECISION).split('e')[0]?.replace('.', '') ?? '';
  if (!fifteen.endsWith('5')) return false;
  const { mantissa, power } = binaryParts(value);
  // value = mantissa × 2^power; the tie is (2·digits − 1) × 10^(exponent − 13) / 2.
  let left = mantissa;
  let right = 2n * BigInt(digits) - 1n;
  const twos = power + 1;
  const tens = exponent - (PRECISION - 1);
  if (twos >= 0) left <<= BigInt(twos);
  else right <<= BigInt(-twos);
  if (tens >= 0) right *= 10n ** BigInt(tens);
  else left *= 10n ** BigInt(-tens);
  return left === right;
}

/** A finite positive double as mantissa × 2^power, both exact. */
function binaryParts(value: number): { mantissa: bigint; power: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased === 0) return { mantissa: fraction, power: -1074 };
  return { mantissa: fraction | (1n << 52n), power: biased - 1075 };
}

/** php_gcvt's layout of the digits 0.digits × 10^pointAt. */
function layOut(digits: string, pointAt: number): string {
  if (pointAt > PRECISION || pointAt < -3) {
    const exponent = pointAt - 1;
    const fraction = digits.length > 1 ? digits.slice(1) : '0';
    return `${digits[0]}.${fraction}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
  }
  if (pointAt <= 0) return `0.${'0'.repeat(-pointAt)}${digits}`;
  if (digits.length <= pointAt) return digits.padEnd(pointAt, '0');
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
