// Money, states and the trace of a call, as DOM. Text goes in through textContent only.
import { copyButton, curlOf } from './copy.js';
import { el } from './dom.js';

export { el };

/**
 * Integer minor units as money, in the reader's locale with digit grouping: the number of
 * decimals is the currency's ISO 4217 exponent the server sends, not the browser's ICU data.
 */
export function formatMoney(money) {
  if (!money) return '';
  try {
    const digits = money.exponent ?? 2;
    const format = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    return format.format(money.amount / 10 ** digits);
  } catch {
    return `${money.amount} ${money.currency} (minor units)`;
  }
}

const STATE_TONES = [
  [/cancel|void|reversed|^08$/i, 'muted'],
  [/settled|success|paid|captured|^00$/i, 'good'],
  [/fail|declin|expired|refund|charged|cleared|^0[567]$/i, 'bad'],
];

/** A coloured pill for a provider state. */
export function stateBadge(state) {
  const tone = STATE_TONES.find(([pattern]) => pattern.test(state))?.[1] ?? 'open';
  return el('span', { className: `badge ${tone}` }, state);
}

export function prettyBody(body) {
  if (body === undefined || body === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function definitionList(rows) {
  return el(
    'dl',
    { className: 'facts' },
    rows
      .filter(([, value]) => value !== undefined && value !== '')
      .flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]),
  );
}

export function headerTable(headers) {
  const rows = Object.entries(headers ?? {});
  if (rows.length === 0) return el('p', { className: 'hint' }, 'no headers');
  return el(
    'table',
    { className: 'headers' },
    el(
      'tbody',
      {},
      rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))),
    ),
  );
}

export function block(title, content, extraClass = '') {
  return el('div', { className: `block ${extraClass}` }, el('h4', {}, title), content);
}

/** An OAuth client-credentials request (Liquido's token), told apart from the call it serves. */
function isTokenRequest(request) {
  return (
    /grant_type=client_credentials/.test(request.body ?? '') ||
    /\/oauth2?\/token\b/.test(request.url)
  );
}

/** Each request with its answer or failure, in the order they happened. */
export function renderTraffic(events) {
  if (events.length === 0)
    return [
      el(
        'p',
        { className: 'hint' },
        'No request went out (the input was refused before any network call).',
      ),
    ];
  const items = [];
  let unanswered = null;
  const noAnswer = (request) =>
    el(
      'article',
      { className: 'exchange failure' },
      el(
        'h3',
        {},
        `Attempt ${request.attempt} · `,
        el('span', { className: 'badge bad' }, 'no answer'),
      ),
      el('p', {}, 'The connection failed or the time ran out; the HTTP layer tried again.'),
    );
  for (const event of events) {
    if (event.kind === 'request' && unanswered) items.push(noAnswer(unanswered));
    unanswered = event.kind === 'request' ? event : null;
    if (event.kind === 'request') {
      const parts = [
        el(
          'div',
          { className: 'line' },
          el('span', { className: 'method' }, event.method),
          el('code', { className: 'url' }, event.url),
        ),
        block('Headers', headerTable(event.headers)),
      ];
      if (event.body !== undefined)
        parts.push(block('Body', el('pre', {}, prettyBody(event.body))));
      if (event.signing) {
        parts.push(
          block(
            'String that was signed',
            el('pre', { className: 'signed' }, event.signing.stringToSign),
            'signing',
          ),
          block(
            'Signature',
            el('pre', { className: 'signed' }, event.signing.signature),
            'signing',
          ),
        );
      }
      const token = isTokenRequest(event);
      items.push(
        el(
          'article',
          { className: `exchange request${token ? ' token' : ''}` },
          el(
            'div',
            { className: 'exchange-head' },
            el(
              'h3',
              {},
              `Attempt ${event.attempt} · `,
              token ? el('span', { className: 'badge open' }, 'OAuth token request') : 'request',
            ),
            copyButton('Copy as curl', () => curlOf(event), 'Copy this request as a curl command'),
          ),
          token
            ? el(
                'p',
                { className: 'hint' },
                'The access token paykit fetches before the cancel (client credentials); it is cached and shared by later calls.',
              )
            : null,
          parts,
        ),
      );
    } else if (event.kind === 'response') {
      const tone = event.status < 300 ? 'good' : event.status < 500 ? 'warn' : 'bad';
      items.push(
        el(
          'article',
          { className: `exchange response ${tone}` },
          el(
            'h3',
            {},
            `Attempt ${event.attempt} · answer `,
            el('span', { className: `badge ${tone}` }, `HTTP ${event.status}`),
            ` in ${event.durationMs} ms`,
          ),
          el('details', {}, el('summary', {}, 'headers'), headerTable(event.headers)),
          block('Body', el('pre', {}, prettyBody(event.body))),
        ),
      );
    } else {
      items.push(
        el(
          'article',
          { className: 'exchange failure' },
          el(
            'h3',
            {},
            `Gave up after attempt ${event.attempt} · `,
            el('span', { className: 'badge bad' }, event.code),
          ),
          el('p', {}, event.message),
        ),
      );
    }
  }
  return items;
}
