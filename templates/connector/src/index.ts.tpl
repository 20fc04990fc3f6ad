export type { {{Name}}Options, {{Name}}ProviderOptions } from './{{id}}-api.js';
export { create{{Name}}, type {{Name}}Connector } from './{{id}}-connector.js';
export {
  {{NAME}}_BASE_URLS,
  {{NAME}}_DISPLAY_NAME,
  {{NAME}}_ID,
  type {{Name}}Settings,
} from './{{id}}-settings.js';
export {
  {{NAME}}_CANCEL_OUTCOME,
  {{NAME}}_ERRORS,
  {{NAME}}_STATUSES,
  type {{Name}}ErrorCode,
  type {{Name}}Status,
} from './{{id}}-status.js';
export { VERSION } from './version.js';
