export { PAYKIT_ERROR_CODES, type PaykitErrorCode, isRetryableCode } from './error-codes.js';
export { PaykitError, type PaykitErrorOptions } from './paykit-error.js';
