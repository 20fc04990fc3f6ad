export { getHeader, isWithinTolerance } from './headers.js';
export {
  createWebhookVerifier,
  type FoundSignature,
  type WebhookRequest,
  type WebhookSpec,
} from './verify-webhook.js';
export { eventTime, parseWebhookJson } from './webhook-body.js';
