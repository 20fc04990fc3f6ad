export { type ParseContext, parseInput, parseResponse, parseSettings } from './parse.js';
export {
  commonSettingsEntries,
  encodePathSegment,
  generateRequestId,
  pathSegment,
  requestIdSchema,
} from './schemas.js';
