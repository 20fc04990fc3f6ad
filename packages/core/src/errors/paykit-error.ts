import { isRetryableCode, type PaykitErrorCode } from './error-codes.js';

// A global symbol, so that two copies of core (say, two connector versions) recognise each other's errors.
const MARKER = Symbol.for('paykit.error');

export interface PaykitErrorOptions {
  code: PaykitErrorCode;
  message: string;
  connector?: string;
  providerCode?: string;
  providerMessage?: string;
  httpStatus?: number;
  requestId?: string;
  /** Overrides the code's default. */
  retryable?: boolean;
  /** Validation issues, field by field, for `invalid_request`. */
  issues?: readonly string[];
  /**
   * How long the provider asked to wait before the next try (its `Retry-After`), in ms, when
   * paykit did not wait that long itself: for the caller to schedule the retry.
   */
  retryAfterMs?: number;
}

/**
 * The one error paykit throws. Messages are built by paykit from redacted parts only; the
 * original cause (which may hold requests with credentials) is never attached.
 */
export class PaykitError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'PaykitError';
  readonly code: PaykitErrorCode;
  readonly connector?: string;
  readonly providerCode?: string;
  readonly providerMessage?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly issues?: readonly string[];
  /** The wait the provider asked for (`Retry-After`) in ms, on `rate_limited` and `provider_unavailable`. */
  readonly retryAfterMs?: number;

  constructor(options: PaykitErrorOptions) {
    super(options.message);
    this.code = options.code;
    this.retryable = options.retryable ?? isRetryableCode(options.code);
    if (options.connector !== undefined) this.connector = options.connector;
    if (options.providerCode !== undefined) this.providerCode = options.providerCode;
    if (options.providerMessage !== undefined) this.providerMessage = options.providerMessage;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.issues !== undefined) this.issues = options.issues;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** Works across duplicated copies of core, where `instanceof` does not. */
  static isInstance(value: unknown): value is PaykitError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      connector: this.connector,
      providerCode: this.providerCode,
      providerMessage: this.providerMessage,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      retryable: this.retryable,
      issues: this.issues,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
