export type { SimCharge, SimReference } from './liquido-sim-bodies.js';
export {
  createLiquidoSimulator,
  LIQUIDO_SIMULATOR_DEFAULTS,
  type LiquidoSimPayment,
  type LiquidoSimulator,
  type LiquidoSimulatorOptions,
  type SeedChargeOptions,
  type SeedReferenceOptions,
} from './liquido-simulator.js';
export { type LiquidoTestCredentials, liquidoTestKit } from './liquido-test-kit.js';
