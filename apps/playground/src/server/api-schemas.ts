import * as v from 'valibot';
import { FAULT_NAMES } from '../shared/faults.js';
import { PlaygroundInputError } from '../shared/input-error.js';
import { humanizeIssue } from './issue-text.js';

const options = v.optional(v.record(v.string(), v.string('each option must be text')), {});

/**
 * The playground's own API body. The payment id, request id and options are checked only for
 * their type here: their rules are the connector's, and its invalid_request error says what is wrong.
 */
export const cancelBodySchema = v.strictObject({
  paymentId: v.string('paymentId must be text'),
  requestId: v.optional(v.string('requestId must be text')),
  options,
  fault: v.optional(v.picklist(FAULT_NAMES, `fault must be one of ${FAULT_NAMES.join(', ')}`)),
  faultTimes: v.optional(v.picklist(['once', 'every'], 'faultTimes must be "once" or "every"')),
});

export type CancelBody = v.InferOutput<typeof cancelBodySchema>;

/** A re-check of a pending cancel: the same payment, request id and options as the cancel. */
export const followBodySchema = v.strictObject({
  paymentId: v.string('paymentId must be text'),
  requestId: v.string('requestId must be text'),
  options,
});

export type FollowBody = v.InferOutput<typeof followBodySchema>;

/** A batch of cancels as pasted or uploaded: the text of a CSV or JSON Lines file. */
export const batchBodySchema = v.strictObject({
  text: v.pipe(
    v.string('text must be the CSV or JSON Lines'),
    v.nonEmpty('the batch is empty: paste or upload a file'),
  ),
  format: v.picklist(['csv', 'jsonl'], 'format must be "csv" or "jsonl"'),
});

/** Parses with valibot and turns issues into sentences a person can act on. */
export function parseBody<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issues = result.issues.map((issue) => {
    const path = v.getDotPath(issue);
    const text =
      path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
    return humanizeIssue(text);
  });
  throw new PlaygroundInputError(`Invalid request: ${issues.join('; ')}`, issues);
}
