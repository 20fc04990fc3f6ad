/** Reads a header from any HeadersInit, case-insensitively. */
export function getHeader(headers: HeadersInit | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  try {
    return new Headers(headers).get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Whether a Unix-seconds timestamp lies within `toleranceSeconds` of now, either way. */
export function isWithinTolerance(
  timestampSeconds: number,
  toleranceSeconds: number,
  nowMs = Date.now(),
): boolean {
  return (
    Number.isFinite(timestampSeconds) &&
    Math.abs(nowMs / 1000 - timestampSeconds) <= toleranceSeconds
  );
}
