/**
 * Compares two strings in time that depends only on their lengths, never on where they differ, so
 * that comparing a received signature with the expected one leaks nothing. Pure JS (no node:crypto)
 * so it works in browsers and edge runtimes.
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  // A length mismatch is recorded, but the loop still walks the longer input.
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt gives NaN, which `| 0` turns into 0.
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}
