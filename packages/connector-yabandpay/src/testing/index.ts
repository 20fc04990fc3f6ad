export {
  REFUSALS,
  type Refusal,
  type SimPayment,
  type SimPaymentState,
  STATE_CODES,
  silentCancelDeadline,
} from './yabandpay-sim-rules.js';
export {
  createYabandPaySimulator,
  DEFAULT_SIMULATOR_SECRET_KEY,
  DEFAULT_SIMULATOR_TID,
  type NotificationOptions,
  type SeedPaymentOptions,
  type YabandPaySimulator,
  type YabandPaySimulatorOptions,
} from './yabandpay-simulator.js';
export { type YabandPayTestCredentials, yabandPayTestKit } from './yabandpay-test-kit.js';
