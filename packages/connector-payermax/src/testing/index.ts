export type {
  PayerMaxSimStatus,
  SeedPaymentOptions,
  SimCancel,
  SimCancelStatus,
  SimOrder,
  SimOrderStatus,
  SimPayment,
  SimRefusal,
} from './payermax-sim-store.js';
export {
  createPayerMaxSimulator,
  type PayerMaxSimulator,
  type PayerMaxSimulatorOptions,
} from './payermax-simulator.js';
export { generatePayerMaxTestKeys, type PayerMaxTestKeys } from './payermax-test-keys.js';
export { type PayerMaxTestCredentials, payerMaxTestKit } from './payermax-test-kit.js';
