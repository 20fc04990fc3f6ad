import { PaykitError } from '../errors/index.js';
import type { HttpResult } from './http-client.js';

/** Parses a provider's body; one that is not JSON is `invalid_response`, with its status kept. */
export function readJson(
  result: HttpResult,
  context: { connector: string; requestId?: string },
): unknown {
  try {
    return JSON.parse(result.text);
  } catch {
    throw new PaykitError({
      code: 'invalid_response',
      connector: context.connector,
      httpStatus: result.status,
      ...(context.requestId ? { requestId: context.requestId } : {}),
      message: `${context.connector} answered HTTP ${result.status} with a body that is not JSON.`,
    });
  }
}

/** Parses an error body that may or may not be JSON; undefined when it is not. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
