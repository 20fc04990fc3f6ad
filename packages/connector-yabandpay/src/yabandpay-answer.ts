import {
  type HttpResult,
  PaykitError,
  parseJsonOrUndefined,
  parseResponse,
  type Redactor,
  readJson,
} from '@paykit/core';
import * as v from 'valibot';
import { answerSchema } from './yabandpay-api.js';
import { documentedMessage, errorCodeFor } from './yabandpay-status.js';

const CONNECTOR = 'yabandpay';

export interface AnswerContext {
  /** What was asked, for messages: "v3.POSReversal of trade_id 4a49…". */
  action: string;
  requestId?: string;
  redactor: Redactor;
  /** Hidden from messages that quote what the provider sent. */
  secrets: readonly string[];
}

/**
 * Checks YabandPay's envelope and returns the parsed body and its `data`. A `status: false` answer rejects with the
 * contract code of its `code`; the provider's code and message are kept.
 */
export function readAnswer(
  result: HttpResult,
  ctx: AnswerContext,
): { raw: unknown; data: unknown } {
  const base = {
    connector: CONNECTOR,
    httpStatus: result.status,
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  };
  if (result.status === 401 || result.status === 403) {
    throw new PaykitError({
      ...base,
      code: 'authentication_failed',
      message: `YabandPay refused the credentials (HTTP ${result.status}) for ${ctx.action}.`,
    });
  }
  const ok = result.status >= 200 && result.status < 300;
  const context = { connector: CONNECTOR, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) };
  const body = ok ? readJson(result, context) : parseJsonOrUndefined(result.text);
  const parsed = v.safeParse(answerSchema, body);

  if (!parsed.success) {
    if (ok) {
      parseResponse(answerSchema, body, {
        ...context,
        what: 'YabandPay answer',
        secrets: ctx.secrets,
      });
    }
    const snippet = ctx.redactor.snippet(result.text);
    throw new PaykitError({
      ...base,
      code: 'provider_error',
      ...(snippet ? { providerMessage: snippet } : {}),
      message: `YabandPay answered HTTP ${result.status} to ${ctx.action}.`,
    });
  }

  const answer = parsed.output;
  // The provider's code goes into the error as it came, so it is redacted like its message.
  const providerCode = ctx.redactor.redactString(answer.code);
  if (!answer.status) {
    const providerMessage = ctx.redactor.snippet(
      answer.message || documentedMessage(answer.code) || '',
    );
    throw new PaykitError({
      ...base,
      code: errorCodeFor(answer.code),
      providerCode,
      ...(providerMessage ? { providerMessage } : {}),
      message: ctx.redactor.redactString(
        `YabandPay refused ${ctx.action}: ${answer.code}${providerMessage ? ` ${providerMessage}` : ''}.`,
      ),
    });
  }
  if (answer.code !== '200' || !ok) {
    throw new PaykitError({
      ...base,
      code: ok ? 'invalid_response' : 'provider_error',
      providerCode,
      message: ctx.redactor.redactString(
        `YabandPay answered ${ctx.action} with status true but code "${answer.code}" (HTTP ${result.status}).`,
      ),
    });
  }
  return { raw: body, data: answer.data };
}
