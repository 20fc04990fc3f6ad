export type { AcmePayOptions, AcmePayProviderOptions } from './acme-pay-api.js';
export { type AcmePayConnector, createAcmePay } from './acme-pay-connector.js';
export {
  ACME_PAY_BASE_URLS,
  ACME_PAY_DISPLAY_NAME,
  ACME_PAY_ID,
  type AcmePaySettings,
} from './acme-pay-settings.js';
export {
  ACME_PAY_CANCEL_OUTCOME,
  ACME_PAY_ERRORS,
  ACME_PAY_STATUSES,
  type AcmePayErrorCode,
  type AcmePayStatus,
} from './acme-pay-status.js';
export { VERSION } from './version.js';
