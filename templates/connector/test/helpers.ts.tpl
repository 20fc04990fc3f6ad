import { PaykitError } from '@paykit/core';
import { expect } from 'vitest';
import { create{{Name}}, type {{Name}}Settings } from '../src/index.js';
import { {{NAME}}_TEST_CREDENTIALS, create{{Name}}Simulator } from '../src/testing/index.js';

export const credentials = {{NAME}}_TEST_CREDENTIALS;

/** A simulator and a connector wired to it in-process, retrying fast. */
export function setup(settings: Partial<{{Name}}Settings> = {}) {
  const sim = create{{Name}}Simulator();
  const connector = create{{Name}}({
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
