export { type CancelConfirmation, type CancelFlow, runCancel } from './confirm-cancel.js';
