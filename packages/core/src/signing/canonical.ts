import { PaykitError } from '../errors/index.js';

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  // Nested structures are not flattened here; flattenForSigning does the one level providers expect.
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The `k=v&k=v` string many providers sign: keys in code-unit (ASCII) order, values raw (no
 * URL-encoding), zero values kept, `undefined` and `null` skipped. Numbers and booleans go through
 * `String()`, nested objects through `JSON.stringify()`.
 */
export function canonicalString(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  // The default sort compares UTF-16 code units, which is the ASCII order providers use.
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    parts.push(`${key}=${stringify(value)}`);
  }
  return parts.join('&');
}

/**
 * Flattens an envelope such as `{ user, method, time, data: {...}, sign }` into the flat record that
 * gets signed: the top-level fields except `nestedKey` and `omit`, merged with the fields of
 * `envelope[nestedKey]` (one level only). On a name clash the nested field wins, as a PHP
 * `array_merge` in provider reference code would do.
 */
export function flattenForSigning(
  envelope: Record<string, unknown>,
  nestedKey: string,
  omit: readonly string[] = [],
): Record<string, unknown> {
  const skip = new Set([...omit, nestedKey]);
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(envelope)) {
    if (!skip.has(key)) flat[key] = value;
  }
  const nested = envelope[nestedKey];
  if (nested === undefined || nested === null) return flat;
  if (typeof nested !== 'object' || Array.isArray(nested)) {
    throw new PaykitError({
      code: 'invalid_request',
      message: `Cannot flatten "${nestedKey}" for signing: it must be an object.`,
    });
  }
  for (const [key, value] of Object.entries(nested)) {
    if (!omit.includes(key)) flat[key] = value;
  }
  return flat;
}
