import { PaykitError } from '@paykit/core';
import { expect } from 'vitest';
import { type AcmePaySettings, createAcmePay } from '../src/index.js';
import { ACME_PAY_TEST_CREDENTIALS, createAcmePaySimulator } from '../src/testing/index.js';

export const credentials = ACME_PAY_TEST_CREDENTIALS;

/** A simulator and a connector wired to it in-process, retrying fast. */
export function setup(settings: Partial<AcmePaySettings> = {}) {
  const sim = createAcmePaySimulator();
  const connector = createAcmePay({
    ...credentials,
    fetch: sim.fetch,
    retryBaseDelayMs: 1,
    ...settings,
  });
  return { sim, connector };
}

/** The PaykitError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<PaykitError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(PaykitError.isInstance(error), `not a PaykitError: ${String(error)}`).toBe(true);
  return error as PaykitError;
}
