import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  assembleConnector,
  cancelFlow,
  commonSettingsSchema,
  createConnectorRuntime,
  type FlowInput,
  getPaymentFlow,
  pathSegment,
  requestIdSchema,
  type StatusQuery,
} from '../src/connector/index.js';
import type { CancelPaymentResult } from '../src/index.js';
import { rejection } from '../src/testing/index.js';

// A provider described the way every connector describes one: its input schemas, its flows.
const inputSchemas = {
  paymentId: pathSegment(16),
  requestId: requestIdSchema(24),
  options: v.strictObject({ mode: v.optional(v.picklist(['fast', 'slow']), 'fast') }),
};
type Seen = FlowInput<{ mode: 'fast' | 'slow' }>;
interface ToyContext {
  seen: Seen[];
}

const cancelled = (input: Seen): CancelPaymentResult => ({
  connector: 'toy',
  paymentId: input.paymentId,
  requestId: input.requestId,
  status: 'cancelled',
  providerStatus: input.options.mode,
  raw: {},
});
const createCancel = cancelFlow('toy', inputSchemas, async (input, context: ToyContext) => {
  context.seen.push(input);
  return cancelled(input);
});
const createConfirmingCancel = cancelFlow(
  'toy',
  inputSchemas,
  async (input, context: ToyContext & StatusQuery) => {
    const status = await context.getPayment({ paymentId: input.paymentId });
    return { ...cancelled(input), providerStatus: status.providerStatus };
  },
);
const createGetPayment = getPaymentFlow('toy', inputSchemas, async (input, context: ToyContext) => {
  context.seen.push(input);
  return {
    connector: 'toy',
    paymentId: input.paymentId,
    status: 'cancelled',
    providerStatus: 'CANCELLED',
    raw: {},
  };
});

const runtime = () =>
  createConnectorRuntime({
    connector: 'toy',
    displayName: 'Toy Pay',
    connectorVersion: '1.0.0',
    settings: v.parse(commonSettingsSchema, {}),
    baseUrls: { sandbox: 'https://sandbox.toy.invalid', production: 'https://toy.invalid' },
    secrets: [],
  });

describe('cancelFlow', () => {
  it('runs the flow with the input read: the request id given, options defaulted', async () => {
    const context: ToyContext = { seen: [] };
    const result = await createCancel(context)({ paymentId: 'p-1', requestId: 'req1' });
    expect(result).toMatchObject({ paymentId: 'p-1', requestId: 'req1', providerStatus: 'fast' });
    expect(context.seen).toEqual([
      { paymentId: 'p-1', requestId: 'req1', signal: undefined, options: { mode: 'fast' } },
    ]);
  });

  it('generates a request id when none is given, and reads the connector entry of providerOptions', async () => {
    const context: ToyContext = { seen: [] };
    await createCancel(context)({ paymentId: 'p-1', providerOptions: { toy: { mode: 'slow' } } });
    expect(context.seen[0]!.requestId).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(context.seen[0]!.options).toEqual({ mode: 'slow' });
  });

  it('refuses a bad id, request id or option with invalid_request before the flow runs', async () => {
    const context: ToyContext = { seen: [] };
    const cancel = createCancel(context);
    const bad: unknown[] = [
      { paymentId: '' },
      { paymentId: 'p/1' },
      { paymentId: 'p-1', requestId: 'r'.repeat(25) },
      { paymentId: 'p-1', providerOptions: { toy: { mdoe: 'slow' } } },
      { paymentId: 'p-1', providerOptions: { toy: { mode: 'warp' } } },
      { paymentId: 'p-1', providerOptions: { tyo: { mode: 'slow' } } },
    ];
    for (const input of bad) {
      const error = await rejection(cancel(input as never), 'invalid_request');
      expect(error.connector).toBe('toy');
    }
    expect(context.seen).toEqual([]);
  });

  it('types providerOptions from the id and the options schema', async () => {
    const cancel = createCancel({ seen: [] });
    // @ts-expect-error: a misspelt option does not compile...
    await rejection(cancel({ paymentId: 'p-1', providerOptions: { toy: { mdoe: 'slow' } } }));
    // @ts-expect-error: ...nor a value the schema does not allow...
    await rejection(cancel({ paymentId: 'p-1', providerOptions: { toy: { mode: 'warp' } } }));
    // @ts-expect-error: ...nor a misspelt connector key.
    await rejection(cancel({ paymentId: 'p-1', providerOptions: { tyo: { mode: 'slow' } } }));
    const slow = await cancel({ paymentId: 'p-1', providerOptions: { toy: { mode: 'slow' } } });
    expect(slow.providerStatus).toBe('slow');
  });

  it('rejects rather than throws when the input is refused', () => {
    const call = createCancel({ seen: [] })({ paymentId: '' });
    expect(call).toBeInstanceOf(Promise);
    return expect(call).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('getPaymentFlow', () => {
  it('reads the input the same way, with a request id of its own naming the call', async () => {
    const context: ToyContext = { seen: [] };
    await createGetPayment(context)({
      paymentId: 'p-2',
      providerOptions: { toy: { mode: 'slow' } },
    });
    expect(context.seen[0]).toMatchObject({ paymentId: 'p-2', options: { mode: 'slow' } });
    expect(context.seen[0]!.requestId).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    await rejection(createGetPayment(context)({ paymentId: '' }), 'invalid_request');
    expect(context.seen).toHaveLength(1);
  });
});

describe('assembleConnector', () => {
  it('takes the id and name from the runtime, and the capabilities from the flows given', async () => {
    const context: ToyContext = { seen: [] };
    const verifyWebhook = async () => ({
      connector: 'toy',
      type: 'CANCEL',
      paymentId: 'p-3',
      status: 'cancelled' as const,
      providerStatus: 'CANCELLED',
      raw: {},
    });
    const full = assembleConnector(runtime(), context, {
      getPayment: createGetPayment,
      cancelPayment: createConfirmingCancel,
      verifyWebhook,
    });
    expect(full).toMatchObject({
      specificationVersion: 'v1',
      id: 'toy',
      displayName: 'Toy Pay',
      capabilities: ['cancelPayment', 'getPayment', 'verifyWebhook'],
    });
    expect(Object.isFrozen(full)).toBe(true);
    expect(full.verifyWebhook).toBe(verifyWebhook);
    // The cancel was given the status query, to confirm with.
    const result = await full.cancelPayment({ paymentId: 'p-3' });
    expect(result.status).toBe('cancelled');
    expect(context.seen.map((input) => input.paymentId)).toEqual(['p-3']);

    const cancelOnly = assembleConnector(runtime(), { seen: [] }, { cancelPayment: createCancel });
    expect(cancelOnly.capabilities).toEqual(['cancelPayment']);
    expect('getPayment' in cancelOnly).toBe(false);
    expect('verifyWebhook' in cancelOnly).toBe(false);
  });
});
