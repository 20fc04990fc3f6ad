/** The default of `maxResponseBytes`: 1 MiB of decoded body, far above any provider's answer. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The default of `maxRetryWaitMs`: a call waits up to 10 s in all for the provider's
 * `Retry-After`; a provider that asks for more gets the call back at once, `rate_limited` with
 * `retryAfterMs`, for the caller to schedule.
 */
export const DEFAULT_MAX_RETRY_WAIT_MS = 10_000;
