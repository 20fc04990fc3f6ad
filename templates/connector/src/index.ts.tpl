import { version } from '../package.json';

export { {{NAME}}_BASE_URLS, type {{Name}}Settings, create{{Name}} } from './{{id}}-connector.js';
export {
  {{NAME}}_ERRORS,
  {{NAME}}_STATUSES,
  type {{Name}}ErrorCode,
  type {{Name}}Status,
} from './{{id}}-status.js';

/** This package's version. */
export const VERSION: string = version;
