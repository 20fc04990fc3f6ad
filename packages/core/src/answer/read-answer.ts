import * as v from 'valibot';
import { PaykitError, type PaykitErrorCode } from '../errors/index.js';
import { type HttpResult, parseJsonOrUndefined, readJson } from '../http/index.js';
import type { Redactor } from '../redaction/index.js';
import { parseResponse } from '../validation/index.js';

/** A refusal as the provider stated it, read by the connector from its answer. */
export interface Refusal {
  /** The contract code, from the connector's code table. */
  code: PaykitErrorCode;
  /** The provider's own code, kept as it came (redacted). */
  providerCode: string;
  /** The provider's own message, kept (redacted, then cut). */
  providerMessage?: string | null | undefined;
  /** Overrides the code's default. */
  retryable?: boolean;
  /** The whole message, where the connector says it better than the default. */
  message?: string;
  /** A sentence added to the default message: why the code is what it is. */
  note?: string;
}

/** Who refused what, for a refusal's error: the fields of an AnswerSpec it needs. */
export type RefusalContext = Pick<
  AnswerSpec<v.GenericSchema>,
  'connector' | 'displayName' | 'action' | 'requestId' | 'redactor'
> & { httpStatus: number };

/** What a connector tells core about one kind of answer; core does the reading. */
export interface AnswerSpec<S extends v.GenericSchema> {
  connector: string;
  /** The provider's name, for messages. */
  displayName: string;
  /** What was asked, for messages: "the cancel of payment k1". */
  action: string;
  requestId?: string;
  /** The connector's redactor: every secret of its settings, and the live token. */
  redactor: Redactor;
  /** The shape of an answer that is not a refusal (lenient: providers add fields). */
  success: S;
  /**
   * Reads a refusal out of the answer, whatever its HTTP status (a provider may refuse with a
   * 200): `body` is its JSON, or undefined when it is none. An answer that is no refusal returns
   * undefined, and a 2xx one is then held to `success`.
   */
  refusal(body: unknown, result: HttpResult): Refusal | undefined;
  /**
   * Checks what the answer's body alone cannot prove (a response signature), after the body is
   * read and before anything is concluded from it; `accepted` when it is no refusal. Not called
   * for a non-2xx that is no refusal and claims nothing: nothing is concluded from it.
   */
  verify?(result: HttpResult, accepted: boolean): Promise<void>;
}

export interface Answer<T> {
  /** The body held to the success schema. */
  answer: T;
  /** The provider's parsed body, for `raw`. */
  body: unknown;
}

/**
 * Reads a provider's answer the one way every connector shares: credentials refused (401/403),
 * JSON, the provider's refusal with its code and message kept (redacted, then cut), a non-2xx
 * that is no refusal (`provider_error`, or `invalid_response` when its body claims success), the
 * connector's check of what the body cannot prove, and the success shape. Rejects only with
 * PaykitError, never with a provider's text unredacted.
 */
export async function readAnswer<S extends v.GenericSchema>(
  result: HttpResult,
  spec: AnswerSpec<S>,
): Promise<Answer<v.InferOutput<S>>> {
  const { connector, displayName, action, redactor } = spec;
  // Literals, not spreads: this runs for every answer.
  const ids = spec.requestId
    ? { connector, httpStatus: result.status, requestId: spec.requestId }
    : { connector, httpStatus: result.status };
  if (result.status === 401 || result.status === 403) {
    throw new PaykitError({
      ...ids,
      code: 'authentication_failed',
      message: `${displayName} refused the credentials (HTTP ${result.status}) for ${action}.`,
    });
  }
  const ok = result.status >= 200 && result.status < 300;
  // A refusal is a refusal whatever its body; only a 2xx must be the provider's JSON.
  const body = ok ? readJson(result, ids) : parseJsonOrUndefined(result.text);
  const refused = spec.refusal(body, result);
  if (!refused && !ok) {
    // A success under an error status contradicts itself: held to the signature like any success.
    if (body !== undefined && v.is(spec.success, body)) {
      await spec.verify?.(result, true);
      throw new PaykitError({
        ...ids,
        code: 'invalid_response',
        message: `${displayName} answered HTTP ${result.status} to ${action} with a body that claims success.`,
      });
    }
    const snippet = redactor.snippet(result.text);
    throw new PaykitError({
      ...ids,
      code: 'provider_error',
      ...(snippet ? { providerMessage: snippet } : {}),
      message: `${displayName} answered HTTP ${result.status} to ${action}.`,
    });
  }
  if (spec.verify) await spec.verify(result, refused === undefined);
  if (refused) throw refusalError(refused, { ...spec, httpStatus: result.status });
  const answer = parseResponse(spec.success, body, {
    connector,
    what: `${displayName} answer`,
    redactor,
    requestId: spec.requestId,
  });
  return { answer, body };
}

/**
 * The error of a refusal, the same in every connector: the provider's code and message kept
 * (redacted, the message cut). For a refusal found past the envelope, in the answer's own data.
 */
export function refusalError(refused: Refusal, context: RefusalContext): PaykitError {
  const { redactor, httpStatus } = context;
  const providerCode = redactor.redactString(refused.providerCode);
  const providerMessage = refused.providerMessage
    ? redactor.snippet(refused.providerMessage)
    : undefined;
  const detail = providerMessage
    ? `${providerCode} ${providerMessage}`
    : `${providerCode}, no reason given`;
  const note = refused.note ? ` ${refused.note}` : '';
  return new PaykitError({
    connector: context.connector,
    httpStatus,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    code: refused.code,
    providerCode,
    ...(providerMessage ? { providerMessage } : {}),
    ...(refused.retryable !== undefined ? { retryable: refused.retryable } : {}),
    message: redactor.redactString(
      refused.message ??
        `${context.displayName} refused ${context.action}: ${detail} (HTTP ${httpStatus}).${note}`,
    ),
  });
}
