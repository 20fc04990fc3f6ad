// DOM building for the playground page. Text goes in through textContent only, never as HTML.

/** Makes an element: el('td', { className: 'num' }, 'text', child). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && key !== 'list') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Integer minor units as money, with the currency's own number of decimals. */
export function formatMoney(money) {
  if (!money) return '';
  try {
    const format = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: money.currency,
    });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
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

function prettyBody(body) {
  if (body === undefined || body === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function definitionList(rows) {
  return el(
    'dl',
    { className: 'facts' },
    rows
      .filter(([, value]) => value !== undefined && value !== '')
      .flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]),
  );
}

function headerTable(headers) {
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

function block(title, content, extraClass = '') {
  return el('div', { className: `block ${extraClass}` }, el('h4', {}, title), content);
}

/** The normalised result, or the PaykitError, of one call. */
export function renderOutcome(outcome) {
  const head = el('div', { className: 'outcome-head' });
  const attempts = outcome.events.filter((e) => e.kind === 'request').length;
  const meta = `${outcome.connector} · ${attempts} request${attempts === 1 ? '' : 's'} · ${outcome.durationMs} ms${
    outcome.fault ? ` · fault ${outcome.fault.name} ×${outcome.fault.times}` : ''
  }`;
  if (outcome.ok) {
    const r = outcome.result;
    head.append(
      el('span', { className: `status ${r.status}` }, r.status),
      el('span', { className: 'meta' }, meta),
    );
    return el(
      'div',
      { className: 'outcome ok', dataset: { outcome: 'ok', status: r.status } },
      head,
      definitionList([
        ['payment id', r.paymentId],
        ['provider status', r.providerStatus],
        ['request id', r.requestId],
        ['provider reference', r.providerReference],
        ['amount', outcome.amountText ?? (r.amount ? formatMoney(r.amount) : undefined)],
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
    el('span', { className: 'meta' }, meta),
  );
  return el(
    'div',
    { className: 'outcome error', dataset: { outcome: 'error', code: e.code } },
    head,
    el('p', { className: 'message' }, e.message),
    e.issues?.length
      ? el(
          'ul',
          { className: 'issues' },
          e.issues.map((issue) => el('li', {}, issue)),
        )
      : null,
    definitionList([
      ['code', e.code],
      ['provider code', e.providerCode],
      ['provider message', e.providerMessage],
      ['HTTP status', e.httpStatus === undefined ? undefined : String(e.httpStatus)],
      ['retryable', e.retryable ? 'yes: the same call may succeed later' : 'no'],
      ['request id', e.requestId],
    ]),
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
      items.push(
        el(
          'article',
          { className: 'exchange request' },
          el('h3', {}, `Attempt ${event.attempt} · request`),
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
