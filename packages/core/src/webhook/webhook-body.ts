import { PaykitError } from '../errors/index.js';

/**
 * The JSON of a webhook body. Every connector answers a body that is not JSON with the same
 * code, `invalid_request`: the body is what the merchant's endpoint was handed, not an answer
 * paykit asked for.
 */
export function parseWebhookJson(body: string, connector: string, what = 'webhook body'): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new PaykitError({
      code: 'invalid_request',
      connector,
      message: `The ${connector} ${what} is not JSON.`,
    });
  }
}

// Digits alone are Unix seconds (Date.parse would read "12" as a month).
const UNIX_SECONDS = /^\d{1,11}$/;

// A date-time with its zone, as providers write it: ISO 8601, or PayerMax's "2023-08-06T23:50:59
// +0000". One without a zone would be read in the machine's own zone: that is not a time, a guess.
const ZONED = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d{1,9})?)\s*(Z|[+-]\d\d:?\d\d)$/i;

function parseZonedDateTime(text: string): number {
  const match = ZONED.exec(text);
  if (!match) return Number.NaN;
  const [, date, time, zone] = match as unknown as [string, string, string, string];
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${time.slice(0, 12)}${offset}`);
  // Date.parse rolls 2024-02-30 over to March: a date that does not exist is no time.
  return Number.isNaN(ms) || new Date(ms + offsetMs(offset)).toISOString().slice(0, 10) !== date
    ? Number.NaN
    : ms;
}

function offsetMs(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}

/**
 * When the provider says an event happened, as ISO 8601 UTC: Unix seconds (a number or a string
 * of digits) or a date-time string. Undefined when the value is not a time, so that a webhook
 * never fails over a field it only reports.
 */
export function eventTime(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string' && UNIX_SECONDS.test(value.trim()))
    ms = Number(value.trim()) * 1000;
  else if (typeof value === 'string') ms = parseZonedDateTime(value.trim());
  else return undefined;
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
