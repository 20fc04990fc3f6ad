export type { LiquidoOptions, LiquidoProviderOptions } from './liquido-api.js';
export {
  isCancellable,
  LIQUIDO_CANCEL_RULES,
  type LiquidoCountry,
  type LiquidoPaymentMethod,
} from './liquido-cancel-rules.js';
export {
  createLiquido,
  type LiquidoConnector,
} from './liquido-connector.js';
export {
  PAYCASH_STORES,
  type PayCashStore,
  payCashAgreementCode,
  payCashStore,
} from './liquido-paycash-stores.js';
export { LIQUIDO_ID, LIQUIDO_URLS, type LiquidoSettings } from './liquido-settings.js';
export {
  LIQUIDO_CANCEL_OUTCOME,
  LIQUIDO_PAYMENT_STATUS,
  LIQUIDO_STATUSES,
  type LiquidoStatus,
} from './liquido-status.js';
export { VERSION } from './version.js';
