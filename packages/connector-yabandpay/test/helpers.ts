import * as v from 'valibot';
import { createYabandPay, type YabandPaySettings } from '../src/index.js';
import { createYabandPaySimulator, type YabandPaySimulatorOptions } from '../src/testing/index.js';
import { requestEnvelopeSchema } from '../src/yabandpay-api.js';

export const SECRET = 'test-secret-key-0123456789abcdef';
export const TID = 'T125119061';

export function setup(
  overrides: Partial<YabandPaySettings> = {},
  simOptions: YabandPaySimulatorOptions = {},
) {
  const sim = createYabandPaySimulator({ secretKey: SECRET, tid: TID, ...simOptions });
  const connector = createYabandPay({
    secretKey: SECRET,
    tid: TID,
    fetch: sim.fetch,
    retryBaseDelayMs: 1,
    ...overrides,
  });
  return { sim, connector };
}

export { rejection } from '@paykit/core/testing';

/** The JSON body of a recorded request, held to the strict schema of what we send. */
export function sentBody(body: string) {
  return v.parse(requestEnvelopeSchema, JSON.parse(body));
}

/** A 200 answer with a given body, for the next `times` requests. */
export function answer(body: unknown, status = 200) {
  return {
    type: 'status' as const,
    status,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
