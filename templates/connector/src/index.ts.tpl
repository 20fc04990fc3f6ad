export type { {{Name}}CancelRequest, {{Name}}Options, {{Name}}PaymentBody } from './{{id}}-api.js';
export {
  create{{Name}},
  type {{Name}}Connector,
  type {{Name}}ProviderOptions,
} from './{{id}}-connector.js';
export {
  {{NAME}}_BASE_URLS,
  {{NAME}}_DISPLAY_NAME,
  {{NAME}}_ID,
  type {{Name}}Settings,
} from './{{id}}-settings.js';
export {
  cancelOutcomeFor,
  errorCodeFor,
  {{NAME}}_CANCEL_OUTCOME,
  {{NAME}}_ERRORS,
  {{NAME}}_STATUSES,
  paymentStatusFor,
  type {{Name}}ErrorCode,
  type {{Name}}Status,
} from './{{id}}-status.js';
export { VERSION } from './version.js';
