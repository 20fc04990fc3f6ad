// The normalised result, or the PaykitError, of one call.
import { copyButton } from './copy.js';
import { el } from './dom.js';
import { definitionList, formatMoney } from './render.js';

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the injected fault did: how many requests it was meant for, and how many it hit. */
function faultText(fault) {
  if (!fault) return '';
  const hit = fault.hits ?? fault.times;
  return ` · fault ${fault.name} hit ${plural(hit, 'request')}${hit < fault.times ? ` (of ${fault.times} injected)` : ''}`;
}

function metaOf(outcome) {
  const attempts = outcome.events.filter((e) => e.kind === 'request').length;
  return `${outcome.connector} · ${plural(attempts, 'request')} · ${outcome.durationMs} ms${faultText(outcome.fault)}`;
}

/**
 * The sentence above a list of input issues: the issues say what is wrong, once; the message
 * that joins them would only say it again.
 */
function issuesLead(message) {
  if (/^Invalid providerOptions/.test(message)) return 'An option is not right:';
  if (/^Invalid cancel input/.test(message))
    return 'The cancel was not sent: the input is not right.';
  return 'The request was not sent:';
}

/** The request id of a call: the error's, or the one its requests carried. */
export function requestIdOf(outcome) {
  if (outcome.ok) return outcome.result.requestId;
  return outcome.error.requestId ?? outcome.events.find((e) => e.requestId)?.requestId;
}

/**
 * A signature that does not verify on an answer that may say the cancel happened: the contract's
 * advice is to ask again with the same request id (PayerMax answers the same cancel as it stands).
 */
function signatureAdvice(outcome, actions) {
  const answer = outcome.events.filter((e) => e.kind === 'response').at(-1);
  const sign = answer?.headers?.sign;
  const requestId = requestIdOf(outcome);
  return el(
    'div',
    { className: 'advice' },
    el(
      'p',
      {},
      'The answer could not be trusted, so paykit did not report it: the cancel may well have happened. Ask again with the same request id: the provider answers that very cancel as it stands, and nothing is cancelled twice.',
    ),
    el(
      'p',
      { className: 'sign' },
      'The answer’s ',
      el('code', {}, 'sign'),
      ' header, which did not verify: ',
      sign
        ? el('code', { className: 'sign-value' }, sign)
        : el('em', {}, 'none (the answer was unsigned)'),
    ),
    requestId
      ? el(
          'button',
          {
            type: 'button',
            className: 'ask-again',
            onclick: () => actions.askAgain({ paymentId: outcome.paymentId, requestId }),
          },
          'Ask again with the same request id',
        )
      : null,
  );
}

function idWithCopy(value, what) {
  if (!value) return undefined;
  return el(
    'span',
    { className: 'with-copy' },
    el('code', {}, value),
    copyButton('Copy', () => value, `Copy the ${what}`),
  );
}

export function renderOutcome(outcome, actions) {
  const head = el('div', { className: 'outcome-head' });
  if (outcome.ok) {
    const r = outcome.result;
    head.append(
      el('span', { className: `status ${r.status}` }, r.status),
      el('span', { className: 'meta' }, metaOf(outcome)),
    );
    return el(
      'div',
      { className: 'outcome ok', dataset: { outcome: 'ok', status: r.status } },
      head,
      definitionList([
        ['payment id', idWithCopy(r.paymentId, 'payment id')],
        ['provider status', r.providerStatus],
        ['request id', idWithCopy(r.requestId, 'request id')],
        ['provider reference', idWithCopy(r.providerReference, 'provider reference')],
        ['amount', r.amount ? formatMoney(r.amount) : outcome.amountText],
      ]),
      el(
        'details',
        {},
        el('summary', {}, 'raw provider answer'),
        el('pre', {}, JSON.stringify(r.raw, null, 2)),
      ),
    );
  }
  const e = outcome.error;
  head.append(
    el('span', { className: 'status error' }, e.code),
    el('span', { className: 'meta' }, metaOf(outcome)),
  );
  const issues = e.issues ?? [];
  return el(
    'div',
    { className: 'outcome error', dataset: { outcome: 'error', code: e.code } },
    head,
    issues.length
      ? [
          el('p', { className: 'message' }, issuesLead(e.message)),
          el(
            'ul',
            { className: 'issues' },
            issues.map((issue) => el('li', {}, issue)),
          ),
        ]
      : el('p', { className: 'message' }, e.message),
    e.code === 'signature_invalid' && outcome.events.length
      ? signatureAdvice(outcome, actions)
      : null,
    definitionList([
      ['provider code', e.providerCode],
      ['provider message', e.providerMessage],
      ['HTTP status', e.httpStatus === undefined ? undefined : String(e.httpStatus)],
      ['retryable', e.retryable ? 'yes: the same call may succeed later' : 'no'],
      ['request id', idWithCopy(e.requestId, 'request id')],
    ]),
  );
}
