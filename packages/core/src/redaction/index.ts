export {
  createRedactor,
  isSecretName,
  MIN_SECRET_LENGTH,
  REDACTED,
  type Redactor,
  secretFieldValues,
} from './redact.js';
