import * as v from 'valibot';
import { PaykitError, type PaykitErrorCode } from '../errors/index.js';
import { createRedactor, type Redactor } from '../redaction/index.js';

export interface ParseContext {
  connector?: string;
  /** What is being parsed, for the message: "cancel input", "settings". */
  what: string;
  /**
   * The connector's redactor (every secret of its settings, and the live token): what redacts
   * the message and the issues. Pass it for anything a provider sent; a connector's runtime
   * does (`runtime.parseResponse`).
   */
  redactor?: Redactor;
  /** Values that must not appear in the message (valibot quotes the received value). */
  secrets?: readonly (string | undefined)[];
  requestId?: string;
}

// Valibot quotes the value it refuses, which may be anything a provider sent, a megabyte of it.
const MAX_ISSUE_LENGTH = 300;

/**
 * The one place where validation issues become text: each one is redacted with the connector's
 * redactor and the context's secrets, then cut, so that no piece of a secret survives the cut.
 */
function issuesOf(issues: readonly v.BaseIssue<unknown>[], context: ParseContext): string[] {
  const extra = context.secrets?.length ? createRedactor(context.secrets) : undefined;
  const { redactor } = context;
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    let text = path ? `${path}: ${issue.message}` : issue.message;
    if (extra) text = extra.redactString(text);
    if (redactor) text = redactor.redactString(text);
    return text.length > MAX_ISSUE_LENGTH ? `${text.slice(0, MAX_ISSUE_LENGTH)}…` : text;
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
  const issues = issuesOf(result.issues, context);
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

/**
 * Validates what a provider answered. Pass the connector's `redactor`: a provider may echo any
 * credential, or the live token, into any field, and valibot quotes what it refuses.
 */
export function parseResponse<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  context: ParseContext,
) {
  return parseOrThrow('invalid_response', schema, value, context);
}
