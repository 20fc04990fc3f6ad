import {
  type HttpResult,
  PaykitError,
  type PaykitErrorCode,
  parseResponse,
  type Redactor,
  type RsaVerifier,
} from '@paykit/core';
import { type AnswerEnvelope, APPLY_SUCCESS, answerEnvelopeSchema } from './payermax-api.js';
import { CONNECTOR_ID } from './payermax-settings.js';
import { answerErrorCodeOf, errorCodeOf } from './payermax-status.js';

export interface AnswerContext {
  requestId: string;
  verifier: RsaVerifier;
  verifyResponses: boolean;
  redactor: Redactor;
}

export interface ProviderRefusal {
  code: PaykitErrorCode;
  providerCode: string;
  providerMessage?: string | null | undefined;
  httpStatus?: number;
  what: string;
}

/** A PaykitError for something PayerMax refused, its code and message kept (redacted, bounded). */
export function refusal(context: AnswerContext, refused: ProviderRefusal): PaykitError {
  const providerMessage = refused.providerMessage
    ? context.redactor.snippet(refused.providerMessage)
    : undefined;
  // The code comes from the provider too: an echo of a secret in it is hidden like the message.
  const providerCode = context.redactor.redactString(refused.providerCode);
  const detail = providerMessage ? `${providerCode}: ${providerMessage}` : providerCode;
  return new PaykitError({
    code: refused.code,
    connector: CONNECTOR_ID,
    requestId: context.requestId,
    providerCode,
    ...(providerMessage ? { providerMessage } : {}),
    ...(refused.httpStatus !== undefined ? { httpStatus: refused.httpStatus } : {}),
    message: `PayerMax ${refused.what} (${detail}).`,
  });
}

function fail(context: AnswerContext, code: PaykitErrorCode, status: number, message: string) {
  return new PaykitError({
    code,
    connector: CONNECTOR_ID,
    requestId: context.requestId,
    httpStatus: status,
    message,
  });
}

function parseBody(result: HttpResult, context: AnswerContext): unknown {
  try {
    return JSON.parse(result.text);
  } catch {
    const ok = result.status >= 200 && result.status < 300;
    // A gateway page for a 4xx is a refusal; a 2xx that is not JSON is a broken answer.
    throw fail(
      context,
      ok ? 'invalid_response' : 'provider_error',
      result.status,
      `PayerMax answered HTTP ${result.status} with a body that is not JSON.`,
    );
  }
}

/**
 * Reads an answer: HTTP status, JSON, the `sign` header over the raw body, then `code`. Resolves
 * only with an `APPLY_SUCCESS` envelope whose signature checked out (when verifying).
 *
 * An error answer without a `sign` header (PayerMax may send those) never asserts the payment's
 * state: a code that would say "not found", "already cancelled", "not cancellable" or "window
 * expired" is `provider_error` then, its code and message kept. Signed error answers are mapped
 * by their code. With `verifyResponses: false` a `sign` header is not checked, but an answer
 * without one is still treated as unsigned.
 */
export async function readAnswer(
  result: HttpResult,
  context: AnswerContext,
): Promise<AnswerEnvelope> {
  if (result.status === 401 || result.status === 403) {
    throw fail(
      context,
      'authentication_failed',
      result.status,
      `PayerMax refused the credentials with HTTP ${result.status}.`,
    );
  }
  const body = parseBody(result, context);
  const envelope = parseResponse(answerEnvelopeSchema, body, {
    what: 'PayerMax answer',
    connector: CONNECTOR_ID,
    requestId: context.requestId,
    redactor: context.redactor,
  });
  const accepted = envelope.code === APPLY_SUCCESS;
  const signed = Boolean(result.headers.get('sign'));
  if (context.verifyResponses) await checkSignature(result, context, accepted);
  if (!accepted) {
    const code = answerErrorCodeOf(envelope.code, signed);
    const unproven = code !== errorCodeOf(envelope.code);
    throw refusal(context, {
      code,
      providerCode: envelope.code,
      providerMessage: envelope.msg,
      httpStatus: result.status,
      what: unproven
        ? "sent an unsigned error answer, not taken as proof of the payment's state"
        : 'refused the request',
    });
  }
  if (result.status < 200 || result.status >= 300) {
    throw fail(
      context,
      'invalid_response',
      result.status,
      `PayerMax answered HTTP ${result.status} with ${APPLY_SUCCESS}.`,
    );
  }
  return envelope;
}

// PayerMax signs its answers; error answers may come unsigned. An answer that claims success must
// be signed, and a signature that is present must verify, whatever the answer says.
async function checkSignature(result: HttpResult, context: AnswerContext, accepted: boolean) {
  const sign = result.headers.get('sign');
  if (!sign) {
    if (!accepted) return;
    throw fail(
      context,
      'signature_invalid',
      result.status,
      'PayerMax answered without a sign header; the answer cannot be trusted.',
    );
  }
  // Over the bytes as they came, as PayerMax signs them: the text decoded from them differs for
  // a body with a BOM or a byte that is not UTF-8. (`bytes` is absent only from a hand-made result.)
  if (!(await context.verifier.verify(result.bytes ?? result.text, sign))) {
    throw fail(
      context,
      'signature_invalid',
      result.status,
      'The sign header of the PayerMax answer does not verify with payermaxPublicKey.',
    );
  }
}
