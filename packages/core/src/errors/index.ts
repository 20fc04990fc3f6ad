export { isRetryableCode, PAYKIT_ERROR_CODES, type PaykitErrorCode } from './error-codes.js';
export { PaykitError, type PaykitErrorOptions } from './paykit-error.js';
