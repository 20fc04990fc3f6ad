// The playground page: picks a connector, lists its simulator's payments, cancels one and shows
// the outcome with the traffic of every attempt. Everything comes from the local server's /api.
import { el, formatMoney, renderOutcome, renderTraffic, stateBadge } from './render.js';

const $ = (id) => document.getElementById(id);
const state = {
  connectors: [],
  current: undefined,
  lastPaymentId: undefined,
  calls: 0,
  busy: false,
};

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response
    .json()
    .catch(() => ({ error: { code: 'invalid_response', message: `HTTP ${response.status}` } }));
  return { status: response.status, body };
}

function renderTabs() {
  $('connectors').replaceChildren(
    ...state.connectors.map((c) =>
      el(
        'button',
        {
          type: 'button',
          className: 'tab',
          role: 'tab',
          'aria-selected': String(c.id === state.current?.id),
          dataset: { connector: c.id },
          onclick: () => select(c.id),
        },
        el('span', { className: 'tab-name' }, c.displayName),
        el('span', { className: `mode ${c.mode}` }, c.mode),
      ),
    ),
  );
}

function optionValues() {
  const values = {};
  for (const option of state.current.options) {
    const input = $(`option-${option.name}`);
    if (input?.value) values[option.name] = input.value;
  }
  return values;
}

function renderOptions() {
  $('options').replaceChildren(
    ...state.current.options.map((option) => {
      const control =
        option.kind === 'choice'
          ? el(
              'select',
              { id: `option-${option.name}`, name: option.name, onchange: renderReferenceTables },
              option.choices.map((choice) => el('option', { value: choice.value }, choice.label)),
            )
          : el('input', { id: `option-${option.name}`, name: option.name, autocomplete: 'off' });
      return el(
        'label',
        { className: 'field' },
        el('span', {}, option.label, option.help ? el('em', {}, option.help) : null),
        control,
      );
    }),
  );
  renderReferenceTables();
}

function renderReferenceTables() {
  const values = optionValues();
  const shown = state.current.referenceTables.filter((table) =>
    Object.entries(table.when ?? {}).every(([name, value]) => (values[name] ?? '') === value),
  );
  $('reference-tables').replaceChildren(
    ...shown.map((table) =>
      el(
        'div',
        { className: 'reference' },
        el('h3', {}, table.title),
        table.note ? el('p', { className: 'hint' }, table.note) : null,
        el(
          'table',
          { className: 'compact' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              table.columns.map((column) => el('th', {}, column)),
            ),
          ),
          el(
            'tbody',
            {},
            table.rows.map((row) =>
              el(
                'tr',
                {},
                row.map((cell) => el('td', {}, cell)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function renderFaults() {
  const faults = state.current.faults;
  $('fault-box').hidden = faults.length === 0;
  $('fault').replaceChildren(
    el('option', { value: '' }, 'none'),
    ...faults.map((f) => el('option', { value: f.name }, f.label)),
  );
}

function paymentRow(payment) {
  return el(
    'tr',
    {
      dataset: { paymentId: payment.id, state: payment.state },
      className: payment.id === state.lastPaymentId ? 'last' : '',
    },
    el(
      'td',
      {},
      el('code', {}, payment.id),
      payment.description ? el('div', { className: 'sub' }, payment.description) : null,
    ),
    el('td', {}, payment.kind ?? ''),
    el('td', { className: 'num' }, payment.amountText ?? formatMoney(payment.amount)),
    el(
      'td',
      {},
      stateBadge(payment.state),
      payment.stateDetail ? el('div', { className: 'sub' }, payment.stateDetail) : null,
    ),
    el(
      'td',
      { className: 'row-action' },
      el(
        'button',
        {
          type: 'button',
          className: payment.cancellable ? 'small' : 'small ghost',
          title: payment.cancellable
            ? 'Cancel this payment'
            : 'The simulator will refuse: try it to see the error',
          onclick: () => cancelFromRow(payment),
        },
        'Cancel',
      ),
    ),
  );
}

async function loadPayments() {
  const connector = state.current;
  const tbody = $('payments').querySelector('tbody');
  $('row-hint').hidden = !connector.paymentsAvailable;
  if (!connector.paymentsAvailable) {
    $('payments').hidden = true;
    $('reload').hidden = true;
    $('payments-hint').textContent =
      `${connector.displayName} talks to the provider's sandbox: there is no list of payments. Type a payment id below.`;
    return;
  }
  $('payments').hidden = false;
  $('reload').hidden = false;
  delete tbody.dataset.connector;
  $('payments-hint').textContent = "The simulator's payments, in the provider's own states.";
  const { status, body } = await api(
    `/api/connectors/${encodeURIComponent(connector.id)}/payments`,
  );
  if (connector !== state.current) return; // another tab was chosen meanwhile
  if (status !== 200) {
    $('payments-hint').textContent = body.error?.message ?? `The list failed (HTTP ${status}).`;
    tbody.replaceChildren();
    return;
  }
  tbody.replaceChildren(...body.payments.map(paymentRow));
  // Marks which connector's list is shown: the tests (and a curious reader) can wait for it.
  tbody.dataset.connector = connector.id;
}

/** Back to the empty result: another connector's outcome would only confuse. */
function resetOutcome() {
  $('outcome').replaceWith(
    el(
      'div',
      { id: 'outcome', className: 'outcome empty' },
      'Cancel a payment to see the result here.',
    ),
  );
  $('traffic').replaceChildren();
}

function select(id) {
  const previous = state.current;
  state.current = state.connectors.find((c) => c.id === id) ?? state.connectors[0];
  if (previous && previous !== state.current) resetOutcome();
  history.replaceState(null, '', `#${state.current.id}`);
  renderTabs();
  const notice = state.current.notice;
  $('notice').hidden = !notice;
  $('notice').textContent = notice ?? '';
  renderOptions();
  renderFaults();
  void loadPayments();
}

function showOutcome(outcome) {
  $('outcome').replaceWith(Object.assign(renderOutcome(outcome), { id: 'outcome' }));
  $('traffic').replaceChildren(...renderTraffic(outcome.events));
}

/** A refusal by the playground itself (400): shown like an error, with its reasons. */
function showInputError(connector, error) {
  showOutcome({
    connector,
    ok: false,
    durationMs: 0,
    events: [],
    error: { ...error, retryable: false },
  });
}

async function cancel() {
  // One call at a time: a fault is injected for the next call, not for whichever comes first.
  if (state.busy) return;
  state.busy = true;
  const connector = state.current;
  const form = $('cancel-form');
  const data = new FormData(form);
  const body = { paymentId: String(data.get('paymentId') ?? '').trim(), options: optionValues() };
  const requestId = String(data.get('requestId') ?? '').trim();
  if (requestId) body.requestId = requestId;
  const fault = String(data.get('fault') ?? '');
  if (fault) {
    body.fault = fault;
    body.faultTimes = String(data.get('faultTimes') ?? 'every');
  }
  state.lastPaymentId = body.paymentId;
  $('submit').disabled = true;
  $('busy').hidden = false;
  $('busy').textContent = fault === 'timeout' ? 'working… (waiting for the timeout)' : 'working…';
  try {
    const { status, body: answer } = await api(
      `/api/connectors/${encodeURIComponent(connector.id)}/cancel`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    // Another tab was chosen meanwhile: this outcome belongs to a connector no longer shown.
    if (connector !== state.current) return;
    if (status === 200) showOutcome(answer);
    else
      showInputError(
        connector.id,
        answer.error ?? { code: 'http_error', message: `HTTP ${status}` },
      );
  } catch (error) {
    showInputError(connector.id, {
      code: 'network_error',
      message: `The playground server did not answer: ${error.message}`,
    });
  } finally {
    $('submit').disabled = false;
    $('busy').hidden = true;
    state.busy = false;
    // The fault was for this call only.
    $('fault').value = '';
  }
  if (connector === state.current) await loadPayments();
  document.body.dataset.calls = String(++state.calls);
}

function cancelFromRow(payment) {
  $('paymentId').value = payment.id;
  for (const [name, value] of Object.entries(payment.options ?? {})) {
    const input = $(`option-${name}`);
    if (input) input.value = value;
  }
  renderReferenceTables();
  void cancel();
}

async function init() {
  $('cancel-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void cancel();
  });
  $('reload').addEventListener('click', () => void loadPayments());
  const { body } = await api('/api/connectors');
  state.connectors = body.connectors;
  select(location.hash.slice(1));
  document.body.dataset.ready = 'true';
}

void init();
