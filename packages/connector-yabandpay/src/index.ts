export { VERSION } from './version.js';
export {
  YABANDPAY_METHODS,
  type YabandPayCancelMethod,
  type YabandPayOptions,
  type YabandPayProviderOptions,
} from './yabandpay-api.js';
export {
  createYabandPay,
  type YabandPayConnector,
} from './yabandpay-connector.js';
export { YABANDPAY_BASE_URL, YABANDPAY_ID, type YabandPaySettings } from './yabandpay-settings.js';
export { notificationStringToSign, yabandPayStringToSign } from './yabandpay-signing.js';
export {
  YABANDPAY_ERRORS,
  YABANDPAY_STATES,
  type YabandPayErrorCode,
  type YabandPayStateCode,
} from './yabandpay-status.js';
