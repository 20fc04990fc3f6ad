// The batch view: a CSV or JSON Lines of cancels, run on the server through @paykit/queue's
// in-process queue against the simulators, with its progress and outcomes by connector.
import { $, el } from './dom.js';

const POLL_MS = 400;

/** CSV unless the first line that says anything is a JSON object. */
function formatOf(text) {
  const chosen = $('batch-format').value;
  if (chosen !== 'auto') return chosen;
  const first = text.split(/\r?\n/).find((line) => line.trim() && !line.trim().startsWith('#'));
  return first?.trim().startsWith('{') ? 'jsonl' : 'csv';
}

function tallyTable(byConnector) {
  const rows = Object.entries(byConnector);
  return el(
    'table',
    { className: 'compact tally', id: 'batch-tally' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ['Connector', 'Cancelled', 'Refused', 'Unresolved', 'Total'].map((h, i) =>
          el('th', { className: i ? 'num' : '' }, h),
        ),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map(([connector, t]) =>
        el(
          'tr',
          { dataset: { connector } },
          el('td', {}, connector),
          el('td', { className: 'num', dataset: { count: 'cancelled' } }, String(t.cancelled)),
          el('td', { className: 'num', dataset: { count: 'refused' } }, String(t.refused)),
          el('td', { className: 'num', dataset: { count: 'unresolved' } }, String(t.unresolved)),
          el('td', { className: 'num', dataset: { count: 'total' } }, String(t.total)),
        ),
      ),
    ),
  );
}

function outcomeLine(outcome) {
  const why =
    outcome.status === 'refused'
      ? `${outcome.code}${outcome.providerCode ? ` (${outcome.providerCode})` : ''}`
      : outcome.status === 'unresolved'
        ? `${outcome.reason}${outcome.lastState ? `, last seen ${outcome.lastState.providerStatus}` : ''}${outcome.lastError ? `, ${outcome.lastError.code}` : ''}`
        : `${outcome.providerStatus}, confirmed by ${outcome.confirmedBy}`;
  return el(
    'li',
    { dataset: { status: outcome.status, paymentId: outcome.paymentId } },
    el(
      'span',
      {
        className: `badge ${outcome.status === 'cancelled' ? 'good' : outcome.status === 'refused' ? 'bad' : 'warn'}`,
      },
      outcome.status,
    ),
    ' ',
    outcome.connector,
    ' ',
    el('code', {}, outcome.paymentId),
    ` · ${why} · ${outcome.steps} step${outcome.steps === 1 ? '' : 's'}`,
  );
}

function renderRun(run) {
  const unresolved = run.unresolved;
  const refused = run.outcomes.filter((o) => o.status === 'refused');
  $('batch-result').replaceChildren(
    el(
      'div',
      { id: 'batch-run-view', dataset: { finished: String(run.finished), batch: String(run.id) } },
      el(
        'p',
        { className: 'progress-line' },
        el('progress', { id: 'batch-progress', max: run.total, value: run.done }),
        ` ${run.done} of ${run.total} cancels ended${run.finished ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : '…'}`,
      ),
      run.skipped.length
        ? el(
            'div',
            { className: 'skipped' },
            el('h3', {}, 'Lines not run'),
            el(
              'ul',
              { className: 'issues' },
              run.skipped.map((line) => el('li', {}, line)),
            ),
          )
        : null,
      tallyTable(run.byConnector),
      el('h3', {}, 'Unresolved'),
      unresolved.length
        ? el('ul', { id: 'batch-unresolved', className: 'batch-list' }, unresolved.map(outcomeLine))
        : el(
            'p',
            { id: 'batch-unresolved', className: 'hint' },
            run.finished ? 'None: every cancel has a proven outcome.' : 'None so far.',
          ),
      el(
        'details',
        {},
        el('summary', {}, `Refused (${refused.length})`),
        el('ul', { className: 'batch-list' }, refused.map(outcomeLine)),
      ),
      el(
        'details',
        {},
        el('summary', {}, `Every outcome (${run.outcomes.length})`),
        el('ul', { className: 'batch-list' }, run.outcomes.map(outcomeLine)),
      ),
    ),
  );
}

/** Wires the batch form; `api` is the page's fetch helper, `busy(on, text)` its busy state. */
export function initBatch({ api, busy }) {
  $('batch-demo').addEventListener('click', async () => {
    const { body } = await api('/api/batch/demo');
    $('batch-text').value = body.text;
    $('batch-format').value = 'csv';
  });
  $('batch-file').addEventListener('change', async () => {
    const file = $('batch-file').files?.[0];
    if (!file) return;
    $('batch-text').value = await file.text();
    if (/\.(jsonl|ndjson)$/i.test(file.name)) $('batch-format').value = 'jsonl';
    else if (/\.csv$/i.test(file.name)) $('batch-format').value = 'csv';
  });
  $('batch-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('batch-text').value;
    busy(true, 'Running the batch…');
    try {
      const { status, body } = await api('/api/batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, format: formatOf(text) }),
      });
      if (status !== 202) {
        const issues = body.error?.issues ?? [];
        $('batch-result').replaceChildren(
          el(
            'div',
            { className: 'outcome error', dataset: { outcome: 'error' } },
            el(
              'p',
              { className: 'message' },
              issues.length > 1 || issues[0] !== body.error?.message
                ? body.error?.message
                : 'The batch was not run:',
            ),
            el(
              'ul',
              { className: 'issues' },
              issues.map((issue) => el('li', {}, issue)),
            ),
          ),
        );
        return;
      }
      let run = body;
      renderRun(run);
      while (!run.finished) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        run = (await api(`/api/batch/${run.id}`)).body;
        renderRun(run);
      }
    } finally {
      busy(false);
    }
  });
}
