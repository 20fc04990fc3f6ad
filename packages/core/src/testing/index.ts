export {
  type ConformanceOptions,
  type ConformanceOverrides,
  runConformanceSuite,
} from './conformance.js';
export { ConnectionReset, createFaultInjector, type Fault, type FaultInjector } from './faults.js';
export { type FetchHandler, type ServedHandler, serveFetchHandler } from './serve.js';
export {
  createSimulator,
  json,
  type RecordedRequest,
  type Simulator,
  type SimulatorContext,
  type SimulatorHandler,
} from './simulator.js';
