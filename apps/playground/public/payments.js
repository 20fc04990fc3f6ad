// The payments table: one row a payment, with its amount in the currency's format, its state,
// the outcome of this session's last call on it, and its Cancel button.
import { copyButton } from './copy.js';
import { el } from './dom.js';
import { formatMoney, stateBadge } from './render.js';

function matches(payment, filter) {
  const words = filter.trim().toLowerCase();
  if (!words) return true;
  return payment.id.toLowerCase().includes(words) || payment.state.toLowerCase().includes(words);
}

function row(payment, { lastPaymentId, outcomeOf, onCancel, busy }) {
  const outcome = outcomeOf(payment.id);
  return el(
    'tr',
    {
      dataset: { paymentId: payment.id, state: payment.state },
      className: payment.id === lastPaymentId ? 'last' : '',
    },
    el(
      'td',
      { className: 'id' },
      el(
        'span',
        { className: 'with-copy' },
        el('code', {}, payment.id),
        copyButton('Copy', () => payment.id, `Copy the payment id ${payment.id}`),
      ),
      payment.description ? el('div', { className: 'sub' }, payment.description) : null,
    ),
    el('td', { className: 'kind' }, payment.kind ?? ''),
    el(
      'td',
      { className: 'num amount', dataset: { label: 'Amount' } },
      formatMoney(payment.amount) || payment.amountText || '',
    ),
    el(
      'td',
      { className: 'state', dataset: { label: 'State' } },
      stateBadge(payment.state),
      payment.stateDetail ? el('div', { className: 'sub' }, payment.stateDetail) : null,
      outcome
        ? el(
            'div',
            { className: 'row-outcome' },
            'last call: ',
            el(
              'span',
              { className: `badge ${outcome.tone}`, dataset: { rowOutcome: outcome.label } },
              outcome.label,
            ),
          )
        : null,
    ),
    el(
      'td',
      { className: 'row-action' },
      el(
        'button',
        {
          type: 'button',
          className: payment.cancellable ? 'small cancel' : 'small ghost cancel',
          title: payment.cancellable
            ? 'Cancel this payment'
            : 'The simulator will refuse: try it to see the error',
          disabled: busy,
          ...(busy ? { dataset: { busyDisabled: 'true' } } : {}),
          onclick: () => onCancel(payment),
        },
        'Cancel',
      ),
    ),
  );
}

export function renderPayments({ tbody, payments, filter, ...context }) {
  const shown = payments.filter((payment) => matches(payment, filter));
  tbody.replaceChildren(...shown.map((payment) => row(payment, context)));
  document.getElementById('filter-empty').hidden = shown.length > 0 || payments.length === 0;
}
