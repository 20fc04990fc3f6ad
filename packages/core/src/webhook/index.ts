export { getHeader, isWithinTolerance } from './headers.js';
export { eventTime, parseWebhookJson } from './webhook-body.js';
