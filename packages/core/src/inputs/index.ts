export {
  cancelFlow,
  getPaymentFlow,
  type InputSchemas,
  type StatusQuery,
} from './connector-flows.js';
export type { FlowInput } from './connector-inputs.js';
