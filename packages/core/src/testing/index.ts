export {
  type ConformanceOptions,
  type ConformanceOverrides,
  conformanceOptionsFromKit,
  runConformanceSuite,
} from './conformance.js';
export { ConnectionReset, createFaultInjector, type Fault, type FaultInjector } from './faults.js';
export { rejection } from './rejection.js';
export { type FetchHandler, type ServedHandler, serveFetchHandler } from './serve.js';
export {
  createSimulator,
  json,
  type RecordedRequest,
  type Simulator,
  type SimulatorContext,
  type SimulatorHandler,
} from './simulator.js';
export {
  type AnyConnectorTestKit,
  COMMON_TEST_KIT_FAULTS,
  type ConnectorTestKit,
  defineTestKit,
  isConnectorTestKit,
  jsonStringAt,
  kitsById,
  ownCredentials,
  type TestKitFault,
  type TestKitOption,
  type TestKitPayment,
  type TestKitPaymentState,
  type TestKitReferenceTable,
  type TestKitRequest,
  type TestKitSettings,
  type TestKitSimulatorOptions,
  throwawayToken,
} from './test-kit.js';
