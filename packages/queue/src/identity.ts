import { checkJobInput, defaultRequestId, jobKey } from './job.js';
import type { CancelJobInput } from './types.js';

/** The key and requestId a job input makes, as `enqueue` would, without enqueuing it. */
export async function jobIdentity(
  input: CancelJobInput,
): Promise<{ key: string; requestId: string }> {
  checkJobInput(input);
  const requestId = input.requestId ?? (await defaultRequestId(input.connector, input.paymentId));
  return { key: await jobKey(input.connector, input.paymentId, requestId), requestId };
}
