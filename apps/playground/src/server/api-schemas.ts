import * as v from 'valibot';
import { FAULT_NAMES } from '../shared/faults.js';
import { PlaygroundInputError } from '../shared/input-error.js';

/**
 * The playground's own API body. The payment id, request id and options are checked only for
 * their type here: their rules are the connector's, and its invalid_request error says what is wrong.
 */
export const cancelBodySchema = v.strictObject(
  {
    paymentId: v.string('paymentId must be text'),
    requestId: v.optional(v.string('requestId must be text')),
    options: v.optional(v.record(v.string(), v.string('each option must be text')), {}),
    fault: v.optional(v.picklist(FAULT_NAMES, `fault must be one of ${FAULT_NAMES.join(', ')}`)),
    faultTimes: v.optional(v.picklist(['once', 'every'], 'faultTimes must be "once" or "every"')),
  },
  'is not a field of a cancel request',
);

export type CancelBody = v.InferOutput<typeof cancelBodySchema>;

/** Parses with valibot and turns issues into sentences a person can act on. */
export function parseBody<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issues = result.issues.map((issue) => {
    const path = v.getDotPath(issue);
    return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
  });
  throw new PlaygroundInputError(`Invalid request: ${issues.join('; ')}`, issues);
}
