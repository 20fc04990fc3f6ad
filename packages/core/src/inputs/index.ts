export {
  cancelInputReader,
  cancelInputSchema,
  type FlowInput,
  getPaymentInputReader,
  getPaymentInputSchema,
  type InputRules,
  readProviderOptions,
  signalSchema,
} from './connector-inputs.js';
