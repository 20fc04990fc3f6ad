export {
  cancelInputSchema,
  getPaymentInputSchema,
  readProviderOptions,
  signalSchema,
} from './connector-inputs.js';
