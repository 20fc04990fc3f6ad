import * as v from 'valibot';
import { providerOptionsFor } from '../runtime/index.js';
import { generateRequestId, parseInput } from '../validation/index.js';

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
    requestId,
  });
}

/** What a connector's flows take from callers: its id rules and its `providerOptions` schema. */
export interface InputRules<P extends v.GenericSchema, O extends v.GenericSchema> {
  connector: string;
  paymentId: P;
  options: O;
}

/** A caller's input as a flow uses it: validated, with a request id, options read. */
export interface FlowInput<O> {
  paymentId: string;
  requestId: string;
  signal: AbortSignal | undefined;
  options: O;
}

/**
 * Reads a cancel's input: `paymentId` and `requestId` held to the connector's rules (a request id
 * generated when none is given), the signal, and `providerOptions` for this connector. Every
 * fault is `invalid_request` before any request.
 */
export function cancelInputReader<
  P extends v.GenericSchema<unknown, string>,
  R extends v.GenericSchema<unknown, string>,
  O extends v.GenericSchema,
>(rules: InputRules<P, O> & { requestId: R }) {
  const schema = cancelInputSchema(rules.paymentId, rules.requestId);
  return (input: unknown): FlowInput<v.InferOutput<O>> => {
    const valid = parseInput(schema, input, { what: 'cancel input', connector: rules.connector });
    const requestId = (valid.requestId as string | undefined) ?? generateRequestId();
    return flowInput(rules, input, valid.paymentId as string, requestId, valid.signal);
  };
}

/**
 * Reads a status query's input. The query takes no request id from the caller; the one generated
 * names the call in errors and hooks.
 */
export function getPaymentInputReader<
  P extends v.GenericSchema<unknown, string>,
  O extends v.GenericSchema,
>(rules: InputRules<P, O>) {
  const schema = getPaymentInputSchema(rules.paymentId);
  return (input: unknown): FlowInput<v.InferOutput<O>> => {
    const valid = parseInput(schema, input, {
      what: 'getPayment input',
      connector: rules.connector,
    });
    const requestId = generateRequestId();
    return flowInput(rules, input, valid.paymentId as string, requestId, valid.signal);
  };
}

function flowInput<O extends v.GenericSchema>(
  rules: InputRules<v.GenericSchema, O>,
  input: unknown,
  paymentId: string,
  requestId: string,
  signal: AbortSignal | undefined,
): FlowInput<v.InferOutput<O>> {
  const options = readProviderOptions(
    rules.options,
    input as { providerOptions?: unknown },
    rules.connector,
    requestId,
  );
  return { paymentId, requestId, signal, options };
}
