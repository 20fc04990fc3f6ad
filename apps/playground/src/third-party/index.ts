export { ACME_PAY_ID, type AcmePaySettings, createAcmePay } from './acme-pay-connector.js';
export {
  type AcmePayment,
  type AcmePaySimulator,
  createAcmePaySimulator,
} from './acme-pay-simulator.js';
export { ACME_ERROR_CODES, ACME_STATES, type AcmeState } from './acme-pay-status.js';
