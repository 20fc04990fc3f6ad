// This session's calls, newest first: pick one to see its outcome and traffic again.
import { el } from './dom.js';

/** `onPick(entry)` shows an entry again. Returns `{ add(outcome, note?) }`. */
export function initHistory(list, emptyHint, onPick) {
  const entries = [];
  function render() {
    emptyHint.hidden = entries.length > 0;
    list.replaceChildren(
      ...entries
        .slice()
        .reverse()
        .map((entry) => {
          const o = entry.outcome;
          const status = o.ok ? o.result.status : o.error.code;
          const tone = o.ok ? (o.result.status === 'cancelled' ? 'good' : 'warn') : 'bad';
          return el(
            'li',
            {},
            el(
              'button',
              {
                type: 'button',
                className: 'history-item',
                dataset: { call: String(entry.n) },
                onclick: () => onPick(entry),
              },
              el('span', { className: 'n' }, `#${entry.n}`),
              el('span', { className: 'when' }, entry.at.toLocaleTimeString()),
              el('span', {}, o.connector),
              el('code', {}, o.paymentId || '(no id)'),
              el('span', { className: `badge ${tone}` }, status),
              entry.note ? el('em', {}, entry.note) : null,
            ),
          );
        }),
    );
  }
  return {
    add(outcome, note) {
      entries.push({ n: entries.length + 1, at: new Date(), outcome, note });
      render();
    },
  };
}
