const DELTA_SECONDS = /^\s*(\d+)\s*$/;
// IMF-fixdate, RFC 850 and asctime all start with the day's name (RFC 9110 §5.6.7).
const HTTP_DATE = /^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds or an HTTP-date (a date past
 * is 0). Undefined for anything else, which then counts as no header at all: the normal backoff.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const delta = DELTA_SECONDS.exec(header);
  if (delta) return Number(delta[1]) * 1000;
  if (!HTTP_DATE.test(header)) return undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
