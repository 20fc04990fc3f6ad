export { createRedactor, isSecretName, REDACTED, type Redactor } from './redact.js';
