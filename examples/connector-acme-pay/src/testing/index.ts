export {
  ACME_PAY_TEST_CREDENTIALS,
  type AcmePaySimulator,
  type AcmePaySimulatorOptions,
  createAcmePaySimulator,
  type SignedAcmePayWebhook,
  type SimulatedAcmePayPayment,
} from './acme-pay-simulator.js';
export { type AcmePayTestCredentials, acmePayTestKit } from './acme-pay-test-kit.js';
