import type * as v from 'valibot';
import type {
  CancelPaymentInput,
  CancelPaymentResult,
  GetPaymentInput,
  PaymentStatusResult,
  ProviderOptions,
  ProviderOptionsFor,
} from '../spec/index.js';
import { cancelInputReader, type FlowInput, getPaymentInputReader } from './connector-inputs.js';

/** A refused input rejects like any other fault of the call; no extra async layer per call. */
function settle<T>(call: () => Promise<T>): Promise<T> {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `providerOptions` as a connector with id `I` and options schema `O` takes it. */
type OptionsOf<I extends string, O extends v.GenericSchema> =
  ProviderOptionsFor<I, v.InferInput<O>> extends infer T extends ProviderOptions ? T : never;

/** What a connector's flows take from callers: its id rules and its `providerOptions` schema. */
export interface InputSchemas<
  P extends v.GenericSchema<unknown, string>,
  R extends v.GenericSchema<unknown, string>,
  O extends v.GenericSchema,
> {
  paymentId: P;
  requestId: R;
  options: O;
}

/** What a cancel flow that confirms its outcome is given besides its own context. */
export interface StatusQuery {
  getPayment(input: GetPaymentInput): Promise<PaymentStatusResult>;
}

/**
 * A cancel flow as a connector writes it: its id, the schemas its input is held to, and what it
 * does with the input once core has read it (`invalid_request` before any request). Given the
 * connector's context, it is the connector's `cancelPayment`, typed with its `providerOptions`.
 */
export function cancelFlow<
  I extends string,
  P extends v.GenericSchema<unknown, string>,
  R extends v.GenericSchema<unknown, string>,
  O extends v.GenericSchema,
  C,
>(
  connector: I,
  schemas: InputSchemas<P, R, O>,
  run: (input: FlowInput<v.InferOutput<O>>, context: C) => Promise<CancelPaymentResult>,
): (context: C) => (input: CancelPaymentInput<OptionsOf<I, O>>) => Promise<CancelPaymentResult> {
  const read = cancelInputReader({ connector, ...schemas });
  return (context) => (input) => settle(() => run(read(input), context));
}

/**
 * A status query flow, the same way: core reads the input, `run` asks the provider. The query
 * takes no request id from the caller; `schemas.requestId` is not used.
 */
export function getPaymentFlow<
  I extends string,
  P extends v.GenericSchema<unknown, string>,
  R extends v.GenericSchema<unknown, string>,
  O extends v.GenericSchema,
  C,
>(
  connector: I,
  schemas: InputSchemas<P, R, O>,
  run: (input: FlowInput<v.InferOutput<O>>, context: C) => Promise<PaymentStatusResult>,
): (context: C) => (input: GetPaymentInput<OptionsOf<I, O>>) => Promise<PaymentStatusResult> {
  const read = getPaymentInputReader({ connector, ...schemas });
  return (context) => (input) => settle(() => run(read(input), context));
}
