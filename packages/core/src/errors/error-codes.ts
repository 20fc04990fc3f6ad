/** The error codes of the public contract, with whether retrying the same call may succeed. */
export const PAYKIT_ERROR_CODES = {
  invalid_request: false,
  configuration_error: false,
  unknown_connector: false,
  unsupported_operation: false,
  authentication_failed: false,
  payment_not_found: false,
  already_cancelled: false,
  not_cancellable: false,
  cancel_window_expired: false,
  duplicate_request: false,
  rate_limited: true,
  provider_unavailable: true,
  provider_error: false,
  timeout: true,
  network_error: true,
  invalid_response: false,
  signature_invalid: false,
} as const satisfies Record<string, boolean>;

export type PaykitErrorCode = keyof typeof PAYKIT_ERROR_CODES;

export function isRetryableCode(code: PaykitErrorCode): boolean {
  return PAYKIT_ERROR_CODES[code];
}
