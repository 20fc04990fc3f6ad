import * as v from 'valibot';
import { PaykitError, type PaykitErrorCode } from '../errors/index.js';
import { createRedactor } from '../redaction/index.js';

export interface ParseContext {
  connector?: string;
  /** What is being parsed, for the message: "cancel input", "settings". */
  what: string;
  /** Values that must not appear in the message (valibot quotes the received value). */
  secrets?: readonly (string | undefined)[];
  requestId?: string;
}

function issuesOf(
  issues: readonly v.BaseIssue<unknown>[],
  secrets: readonly (string | undefined)[] = [],
) {
  const redactor = createRedactor(secrets);
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    return redactor.redactString(path ? `${path}: ${issue.message}` : issue.message);
  });
}

function parseOrThrow<S extends v.GenericSchema>(
  code: PaykitErrorCode,
  schema: S,
  value: unknown,
  context: ParseContext,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issues = issuesOf(result.issues, context.secrets);
  throw new PaykitError({
    code,
    message: `Invalid ${context.what}: ${issues.join('; ')}`,
    issues,
    ...(context.connector ? { connector: context.connector } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
  });
}

/** Validates what a user passed in; raised before any network call. */
export function parseInput<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  context: ParseContext,
) {
  return parseOrThrow('invalid_request', schema, value, context);
}

/** Validates connector settings; raised at construction. */
export function parseSettings<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  context: ParseContext,
) {
  return parseOrThrow('configuration_error', schema, value, context);
}

/** Validates what a provider answered. */
export function parseResponse<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  context: ParseContext,
) {
  return parseOrThrow('invalid_response', schema, value, context);
}
