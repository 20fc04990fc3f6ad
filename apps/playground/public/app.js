// The playground page: picks a connector (or the batch view), lists its simulator's payments,
// cancels one and shows the outcome with the traffic of every attempt, follows a pending cancel
// until it settles, and keeps the session's calls. Everything comes from the local server's /api.
import { initBatch } from './batch.js';
import { $, el } from './dom.js';
import { initHistory } from './history.js';
import { renderOutcome, requestIdOf } from './outcome-view.js';
import { renderPayments } from './payments.js';
import { renderTraffic } from './render.js';
import { createTablist } from './tabs.js';

const BATCH = 'batch';
const FOLLOW_EVERY_MS = 1000;
const FOLLOW_CHECKS = 30;

const state = {
  connectors: [],
  /** The connector shown; kept while the batch view is open. */
  current: undefined,
  view: undefined,
  lastPaymentId: undefined,
  calls: 0,
  busy: false,
  /** The last outcome of each payment this session, by connector and id: shown in its row. */
  rowOutcomes: new Map(),
  /** Bumped to stop a follow loop; the request it has in flight, to wait for. */
  follow: { token: 0, inFlight: undefined },
};
let updateTabs = () => {};
let callHistory;

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response
    .json()
    .catch(() => ({ error: { code: 'invalid_response', message: `HTTP ${response.status}` } }));
  return { status: response.status, body };
}

/**
 * The whole page is busy while a call runs: it says so (aria-busy, a banner), dims the result
 * that is about to be replaced and disables every control, rather than ignoring clicks.
 */
function setBusy(on, text = 'Working…') {
  state.busy = on;
  document.body.classList.toggle('is-busy', on);
  for (const panel of [$('connector-panel'), $('batch-panel')])
    panel.setAttribute('aria-busy', String(on));
  $('busy').hidden = !on;
  $('busy').textContent = on ? text : '';
  for (const control of document.querySelectorAll('button, input, select, textarea')) {
    if (on && !control.disabled) {
      control.disabled = true;
      control.dataset.busyDisabled = 'true';
    } else if (!on && control.dataset.busyDisabled) {
      control.disabled = false;
      delete control.dataset.busyDisabled;
    }
  }
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
  updateFaultTimes();
}

/** "Next request only" is offered only for a fault a retry recovers from; otherwise it says why. */
function updateFaultTimes() {
  const fault = state.current.faults.find((f) => f.name === $('fault').value);
  const recovers = !fault || fault.onceRecovers;
  const once = $('fault-once');
  if (!recovers && once.checked)
    document.querySelector('input[name="faultTimes"][value="every"]').checked = true;
  // While busy, setBusy owns `disabled`; it restores the right value afterwards.
  if (once.dataset.busyDisabled) once.dataset.busyDisabled = recovers ? 'true' : '';
  else once.disabled = !recovers;
  $('once-label').classList.toggle('unavailable', !recovers);
  $('fault-note').hidden = recovers;
  $('fault-note').textContent = recovers ? '' : fault.onceNote;
}

const rowKey = (connector, paymentId) => `${connector}\u0000${paymentId}`;

async function loadPayments() {
  const connector = state.current;
  const tbody = $('payments').querySelector('tbody');
  $('row-hint').hidden = !connector.paymentsAvailable;
  $('filter-box').hidden = !connector.paymentsAvailable;
  if (!connector.paymentsAvailable) {
    $('payments').hidden = true;
    $('reload').hidden = true;
    $('filter-empty').hidden = true;
    $('payments-hint').textContent =
      `${connector.displayName} talks to the provider's sandbox: there is no list of payments. Type a payment id above.`;
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
  state.payments = body.payments;
  showPayments();
  // Marks which connector's list is shown: the tests (and a curious reader) can wait for it.
  tbody.dataset.connector = connector.id;
}

function showPayments() {
  renderPayments({
    tbody: $('payments').querySelector('tbody'),
    payments: state.payments ?? [],
    filter: $('filter').value,
    lastPaymentId: state.lastPaymentId,
    outcomeOf: (id) => state.rowOutcomes.get(rowKey(state.current.id, id)),
    onCancel: cancelFromRow,
    busy: state.busy,
  });
}

function emptyOutcome() {
  return el(
    'div',
    { id: 'outcome', className: 'outcome empty' },
    'Cancel a payment to see the result here.',
  );
}

function stopFollowing() {
  state.follow.token++;
  $('follow').hidden = true;
}

function select(id) {
  const view = id === BATCH ? BATCH : 'connector';
  const previous = state.current;
  if (view === 'connector' || !state.current)
    state.current = state.connectors.find((c) => c.id === id) ?? state.connectors[0];
  state.view = view;
  const selected = view === BATCH ? BATCH : state.current.id;
  if (location.hash.slice(1) !== selected) history.replaceState(null, '', `#${selected}`);
  updateTabs(selected);
  $('connector-panel').hidden = view === BATCH;
  $('batch-panel').hidden = view !== BATCH;
  $('connector-panel').setAttribute('aria-labelledby', `tab-${state.current.id}`);
  $('batch-panel').setAttribute('aria-labelledby', `tab-${BATCH}`);
  const notice = view === BATCH ? undefined : state.current.notice;
  $('notice').hidden = !notice;
  $('notice').textContent = notice ?? '';
  if (previous === state.current) return;
  // Another connector's outcome would only confuse.
  stopFollowing();
  $('outcome').replaceWith(emptyOutcome());
  $('traffic').replaceChildren();
  $('filter').value = '';
  state.payments = [];
  renderOptions();
  renderFaults();
  void loadPayments();
}

function showOutcome(outcome) {
  $('outcome').replaceWith(Object.assign(renderOutcome(outcome, { askAgain }), { id: 'outcome' }));
  $('traffic').replaceChildren(...renderTraffic(outcome.events));
}

/** The outcome a payment's row shows: the status, or the error's code. */
function noteRowOutcome(outcome) {
  const label = outcome.ok ? outcome.result.status : outcome.error.code;
  const tone = outcome.ok ? (outcome.result.status === 'cancelled' ? 'good' : 'warn') : 'bad';
  state.rowOutcomes.set(rowKey(outcome.connector, outcome.paymentId), { label, tone });
}

/** A refusal by the playground itself (400): shown like an error, with its reasons. */
function inputErrorOutcome(connector, paymentId, error) {
  return {
    connector,
    paymentId,
    ok: false,
    durationMs: 0,
    events: [],
    error: { ...error, retryable: false },
  };
}

function requestFromForm() {
  const data = new FormData($('cancel-form'));
  const body = { paymentId: String(data.get('paymentId') ?? '').trim(), options: optionValues() };
  const requestId = String(data.get('requestId') ?? '').trim();
  if (requestId) body.requestId = requestId;
  const fault = String(data.get('fault') ?? '');
  if (fault) {
    body.fault = fault;
    body.faultTimes = String(data.get('faultTimes') ?? 'every');
  }
  return body;
}

/** A real provider's sandbox acts on what it is sent: ask before cancelling there. */
function confirmSandbox(connector, paymentId) {
  if (connector.mode !== 'sandbox') return true;
  return window.confirm(
    `Cancel payment "${paymentId}" in ${connector.displayName}'s sandbox? This sends a real request to the provider's sandbox.`,
  );
}

async function cancel({ fromRow = false } = {}) {
  // One call at a time: a fault is injected for the next call, not for whichever comes first.
  if (state.busy) return;
  const connector = state.current;
  const body = requestFromForm();
  if (!confirmSandbox(connector, body.paymentId)) return;
  stopFollowing();
  await state.follow.inFlight?.catch(() => undefined);
  state.lastPaymentId = body.paymentId;
  const waiting = body.fault === 'timeout' ? ' (waiting for the timeout)' : '';
  setBusy(
    true,
    `Cancelling ${body.paymentId || 'the payment'} with ${connector.displayName}…${waiting}`,
  );
  let outcome;
  try {
    const { status, body: answer } = await api(
      `/api/connectors/${encodeURIComponent(connector.id)}/cancel`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    outcome =
      status === 200
        ? answer
        : inputErrorOutcome(
            connector.id,
            body.paymentId,
            answer.error ?? { code: 'http_error', message: `HTTP ${status}` },
          );
  } catch (error) {
    outcome = inputErrorOutcome(connector.id, body.paymentId, {
      code: 'network_error',
      message: `The playground server did not answer: ${error.message}`,
    });
  } finally {
    setBusy(false);
    // The fault was for this call only.
    $('fault').value = '';
    updateFaultTimes();
  }
  callHistory.add(outcome);
  if (outcome.events.length) noteRowOutcome(outcome);
  // Another tab was chosen meanwhile: this outcome belongs to a connector no longer shown.
  if (connector === state.current) {
    showOutcome(outcome);
    await loadPayments();
    if (fromRow) {
      $('outcome-card').scrollIntoView({ block: 'start' });
      $('outcome-card').focus({ preventScroll: true });
    }
    if (outcome.ok && outcome.result.status === 'pending')
      void follow(connector, outcome, body.options);
  }
  document.body.dataset.calls = String(++state.calls);
}

function describeCheck(method) {
  if (method === 'repeat-cancel') return 'the same cancel again, with the same request id';
  if (method === 'status-query') return "the connector's status query";
  return 'nothing to ask';
}

/**
 * A pending cancel is followed the way @paykit/queue follows one: the server re-checks through
 * the connector's status query, or for PayerMax repeats the cancel with the same request id.
 */
async function follow(connector, outcome, options) {
  const token = ++state.follow.token;
  const box = $('follow');
  box.hidden = false;
  delete box.dataset.settled;
  box.textContent = 'Pending: the provider finishes the cancel later. Checking again in a moment…';
  for (let check = 1; check <= FOLLOW_CHECKS; check++) {
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_EVERY_MS));
    if (token !== state.follow.token) return;
    state.follow.inFlight = api(`/api/connectors/${encodeURIComponent(connector.id)}/follow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        paymentId: outcome.paymentId,
        requestId: requestIdOf(outcome),
        options,
      }),
    });
    const { status, body } = await state.follow.inFlight;
    state.follow.inFlight = undefined;
    if (token !== state.follow.token) return;
    if (status !== 200) {
      box.textContent = `The re-check failed: ${body.error?.message ?? `HTTP ${status}`}`;
      return;
    }
    if (body.method === 'webhook') {
      box.textContent = `${connector.displayName} has no status query: only its notification will tell how the cancel ends.`;
      return;
    }
    if (!body.settled) {
      box.textContent = `Still pending after ${check} check${check === 1 ? '' : 's'} (${describeCheck(body.method)}). Checking again…`;
      continue;
    }
    let settled;
    if (body.outcome) {
      callHistory.add(body.outcome, 're-check');
      noteRowOutcome(body.outcome);
      showOutcome(body.outcome);
      settled = body.outcome.ok ? body.outcome.result.status : body.outcome.error.code;
    } else if (body.error) {
      settled = body.error.code;
    } else {
      settled = body.state.status;
      state.rowOutcomes.set(rowKey(connector.id, outcome.paymentId), {
        label: settled,
        tone: settled === 'cancelled' ? 'good' : 'bad',
      });
    }
    box.dataset.settled = settled;
    box.textContent = `Settled after ${check} check${check === 1 ? '' : 's'} (${describeCheck(body.method)}): ${settled}.`;
    await loadPayments();
    return;
  }
  box.textContent = `Still pending after ${FOLLOW_CHECKS} checks; reload the list later.`;
}

function cancelFromRow(payment) {
  $('paymentId').value = payment.id;
  for (const [name, value] of Object.entries(payment.options ?? {})) {
    const input = $(`option-${name}`);
    if (input) input.value = value;
  }
  renderReferenceTables();
  void cancel({ fromRow: true });
}

/** The contract's advice after a signature that did not verify: the same cancel, the same request id. */
function askAgain({ paymentId, requestId }) {
  $('paymentId').value = paymentId;
  $('requestId').value = requestId;
  $('fault').value = '';
  void cancel();
}

async function init() {
  $('cancel-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void cancel();
  });
  $('reload').addEventListener('click', () => void loadPayments());
  $('filter').addEventListener('input', showPayments);
  $('fault').addEventListener('change', updateFaultTimes);
  const { body } = await api('/api/connectors');
  state.connectors = body.connectors;
  updateTabs = createTablist(
    $('tabs'),
    [
      ...state.connectors.map((c) => ({
        id: c.id,
        label: c.displayName,
        badge: c.mode,
        panel: 'connector-panel',
        connector: true,
      })),
      { id: BATCH, label: 'Batch', panel: 'batch-panel' },
    ],
    select,
  );
  callHistory = initHistory($('history'), $('history-empty'), (entry) => {
    if (state.busy) return;
    if (entry.outcome.connector !== state.current.id || state.view === BATCH)
      select(entry.outcome.connector);
    stopFollowing();
    showOutcome(entry.outcome);
  });
  initBatch({ api, busy: setBusy });
  // #liquido, #batch: a link or a reload opens that tab.
  window.addEventListener('hashchange', () => select(location.hash.slice(1)));
  select(location.hash.slice(1));
  document.body.dataset.ready = 'true';
}

void init();
