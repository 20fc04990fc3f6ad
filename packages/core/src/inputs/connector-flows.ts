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

type AnyInputSchemas = InputSchemas<
  v.GenericSchema<unknown, string>,
  v.GenericSchema<unknown, string>,
  v.GenericSchema
>;
/** What a connector writes: the provider's call, given the input read and the context. */
type Run<S extends AnyInputSchemas, C, Result> = (
  input: FlowInput<v.InferOutput<S['options']>>,
  context: C,
) => Promise<Result>;
/** What the factory gets: given the context, the connector's method. */
type Flow<C, Input, Result> = (context: C) => (input: Input) => Promise<Result>;

function flowOf<T, C, Input, Result>(
  read: (input: unknown) => FlowInput<unknown>,
  run: (input: FlowInput<T>, context: C) => Promise<Result>,
): Flow<C, Input, Result> {
  // `read` holds the options to the schema that `run` is typed by.
  return (context) => (input) => settle(() => run(read(input) as FlowInput<T>, context));
}

/**
 * A cancel flow as a connector writes it: its id, the schemas its input is held to, and what it
 * does with the input once core has read it (`invalid_request` before any request). Given the
 * connector's context, it is the connector's `cancelPayment`, typed with its `providerOptions`.
 */
export function cancelFlow<I extends string, S extends AnyInputSchemas, C>(
  connector: I,
  schemas: S,
  run: Run<S, C, CancelPaymentResult>,
): Flow<C, CancelPaymentInput<OptionsOf<I, S['options']>>, CancelPaymentResult> {
  return flowOf(cancelInputReader({ connector, ...schemas }), run);
}

/**
 * A status query flow, the same way: core reads the input, `run` asks the provider. The query
 * takes no request id from the caller; `schemas.requestId` is not used.
 */
export function getPaymentFlow<I extends string, S extends AnyInputSchemas, C>(
  connector: I,
  schemas: S,
  run: Run<S, C, PaymentStatusResult>,
): Flow<C, GetPaymentInput<OptionsOf<I, S['options']>>, PaymentStatusResult> {
  return flowOf(getPaymentInputReader({ connector, ...schemas }), run);
}
