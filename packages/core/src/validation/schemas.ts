import * as v from 'valibot';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRY_WAIT_MS } from '../http/limits.js';

// The largest maxResponseBytes a setting may ask for: paykit holds an answer whole in memory.
const MAX_RESPONSE_BYTES_LIMIT = 256 * 1024 * 1024;

// Characters that would change the meaning of a URL path, or hide in logs.
const UNSAFE_IN_PATH =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  /[/?#\\%\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** An identifier that goes into a URL path segment: no `/`, `?`, `#`, `..`, `.` alone, whitespace or control characters. */
export function pathSegment(maxLength = 64) {
  return v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.maxLength(maxLength, `must be at most ${maxLength} characters`),
    v.check(
      (s) => !UNSAFE_IN_PATH.test(s),
      'must not contain "/", "?", "#", "\\", "%", whitespace, control or invisible characters',
    ),
    v.check((s) => !s.includes('..'), 'must not contain ".."'),
    // A lone UTF-16 surrogate has no UTF-8 form: encodeURIComponent would throw a URIError.
    v.check((s) => !LONE_SURROGATE.test(s), 'must not contain a lone surrogate'),
    // URL parsing drops a "." segment: /payments/./cancel would become /payments/cancel.
    v.check((s) => s !== '.', 'must not be "."'),
  );
}

/** Percent-encodes a segment that passed `pathSegment()`: belt and braces for what the check allows. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/** A caller-chosen request id: printable, no whitespace, bounded. */
export function requestIdSchema(maxLength = 64) {
  return v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.maxLength(maxLength, `must be at most ${maxLength} characters`),
    v.regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits, ".", "_", ":" and "-"'),
  );
}

/** The settings every connector factory takes. */
export const commonSettingsEntries = {
  environment: v.optional(
    v.picklist(['sandbox', 'production'], 'must be "sandbox" or "production"'),
    'sandbox',
  ),
  baseUrl: v.optional(v.pipe(v.string(), v.url('must be an absolute URL'))),
  fetch: v.optional(
    v.custom<typeof globalThis.fetch>((f) => typeof f === 'function', 'must be a function'),
  ),
  timeoutMs: v.optional(
    v.pipe(v.number(), v.integer('must be an integer'), v.minValue(1), v.maxValue(600_000)),
    15_000,
  ),
  maxRetries: v.optional(
    v.pipe(v.number(), v.integer('must be an integer'), v.minValue(0), v.maxValue(10)),
    2,
  ),
  /** The most bytes of one answer paykit reads, after gzip, deflate or br decoding. */
  maxResponseBytes: v.optional(
    v.pipe(
      v.number(),
      v.integer('must be an integer'),
      v.minValue(1),
      v.maxValue(MAX_RESPONSE_BYTES_LIMIT),
    ),
    DEFAULT_MAX_RESPONSE_BYTES,
  ),
  /** The most one call waits, in all, because a provider's `Retry-After` asked it to. */
  maxRetryWaitMs: v.optional(
    v.pipe(v.number(), v.integer('must be an integer'), v.minValue(0), v.maxValue(600_000)),
    DEFAULT_MAX_RETRY_WAIT_MS,
  ),
} as const;

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random id of letters and digits (YabandPay asks for 24 or more). */
export function generateRequestId(length = 32): string {
  let id = '';
  while (id.length < length) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(length))) {
      // Bytes from 248 (= 4 * 62) up would favour the first letters, so they are skipped.
      if (byte < 248 && id.length < length) id += ALPHANUMERIC[byte % 62];
    }
  }
  return id;
}
