export {
  APPLY_SUCCESS,
  type PayerMaxOptions,
  type PayerMaxProviderOptions,
} from './payermax-api.js';
export {
  createPayerMax,
  type PayerMaxConnector,
} from './payermax-connector.js';
export { PAYERMAX_BASE_URLS, PAYERMAX_ID, type PayerMaxSettings } from './payermax-settings.js';
export {
  createPayerMaxRequestSigner,
  type PayerMaxRequestSigner,
  type PayerMaxRequestSignerOptions,
} from './payermax-signing.js';
export {
  PAYERMAX_CANCEL_STATUS,
  PAYERMAX_ERROR_CODES,
  PAYERMAX_NOTIFICATION_STATUS,
  PAYERMAX_ORDER_STATUS,
  type PayerMaxCancelStatus,
  type PayerMaxErrorCode,
  type PayerMaxNotifyType,
  type PayerMaxOrderStatus,
} from './payermax-status.js';
export { PAYERMAX_ACKNOWLEDGEMENT } from './payermax-webhook.js';
export { VERSION } from './version.js';
