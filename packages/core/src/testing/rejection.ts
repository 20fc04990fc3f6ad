import { PaykitError, type PaykitErrorCode } from '../errors/index.js';

/**
 * The PaykitError `promise` rejects with. It throws, failing the test that awaits it, when the
 * promise resolves, rejects with anything else or, given `code`, with another code. Test-runner
 * free, so that every connector's tests and the generator's template share it.
 */
export async function rejection(
  promise: Promise<unknown>,
  code?: PaykitErrorCode,
): Promise<PaykitError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) {
    throw new Error(`expected a rejection, the promise resolved with ${shown(outcome.value)}`);
  }
  const { error } = outcome;
  if (!PaykitError.isInstance(error)) {
    throw new Error(`expected a PaykitError, got ${shown(error)}`, { cause: error });
  }
  if (code !== undefined && error.code !== code) {
    throw new Error(`expected a PaykitError ${code}, got ${error.code}: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

function shown(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
