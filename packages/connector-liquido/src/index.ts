export type { ChargeAnswer, LiquidoOptions, TokenAnswer, WebhookBody } from './liquido-api.js';
export {
  isCancellable,
  LIQUIDO_CANCEL_RULES,
  LIQUIDO_PAYMENT_METHODS,
  type LiquidoCountry,
  type LiquidoPaymentMethod,
} from './liquido-cancel-rules.js';
export {
  createLiquido,
  type LiquidoConnector,
  type LiquidoProviderOptions,
} from './liquido-connector.js';
export {
  normalizeStoreName,
  PAYCASH_STORES,
  type PayCashStore,
  payCashAgreementCode,
  payCashStore,
} from './liquido-paycash-stores.js';
export { LIQUIDO_ID, LIQUIDO_URLS, type LiquidoSettings } from './liquido-settings.js';
export {
  cancelOutcomeOf,
  LIQUIDO_CANCEL_OUTCOME,
  LIQUIDO_PAYMENT_STATUS,
  LIQUIDO_STATUSES,
  type LiquidoStatus,
  paymentStatusOf,
  refusalCodeOf,
} from './liquido-status.js';
export {
  LIQUIDO_SIGNATURE_HEADER,
  type LiquidoSignature,
  liquidoWebhookStringToSign,
  parseLiquidoSignature,
} from './liquido-webhook.js';
export { VERSION } from './version.js';
