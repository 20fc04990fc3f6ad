import * as v from 'valibot';
import { providerOptionsFor } from '../runtime/index.js';
import { parseInput } from '../validation/index.js';

/** The caller's abort signal, where one is given. */
export const signalSchema = v.optional(
  v.custom<AbortSignal>((s) => s instanceof AbortSignal, 'must be an AbortSignal'),
);

/**
 * The input of a cancel: the connector's own id rules for `paymentId` and `requestId` (a path
 * segment, a body field, the provider's alphabet), the signal. `providerOptions` is read apart,
 * by `readProviderOptions`, from own properties only.
 */
export function cancelInputSchema<P extends v.GenericSchema, R extends v.GenericSchema>(
  paymentId: P,
  requestId: R,
) {
  return v.object({ paymentId, requestId: v.optional(requestId), signal: signalSchema });
}

/** The input of a status query. */
export function getPaymentInputSchema<P extends v.GenericSchema>(paymentId: P) {
  return v.object({ paymentId, signal: signalSchema });
}

/**
 * The options a caller addressed to this connector, held to its schema (strict, so that a
 * misspelt option is refused rather than silently ignored); `invalid_request` before any request.
 */
export function readProviderOptions<S extends v.GenericSchema>(
  schema: S,
  input: { providerOptions?: unknown } | undefined,
  connector: string,
  requestId?: string,
): v.InferOutput<S> {
  return parseInput(schema, providerOptionsFor(input, connector, requestId), {
    connector,
    what: `providerOptions.${connector}`,
    ...(requestId ? { requestId } : {}),
  });
}
