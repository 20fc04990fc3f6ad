import { FAULT_CASES, type FaultCase, type Outcome, outcomeFor } from './fault-cases.js';
import { CONNECTORS } from './harness.js';

export const START =
  '<!-- fault-matrix:start (generated from tooling/system-tests/src/fault-cases.ts) -->';
export const END = '<!-- fault-matrix:end -->';

const DISPLAY = { liquido: 'Liquido', payermax: 'PayerMax', yabandpay: 'YabandPay' } as const;

const describeOutcome = (o: Outcome) =>
  o.result === 'success' ? 'resolves' : `rejects \`${o.code}\``;
const describeRetryable = (o: Outcome) =>
  o.result === 'success' ? '' : o.retryable ? 'yes' : 'no';

/** One cell, or one line per connector where the providers differ. */
function perConnector(c: FaultCase, describe: (o: Outcome) => string): string {
  if ('result' in c.outcome) return describe(c.outcome as Outcome);
  return CONNECTORS.map((n) => `${DISPLAY[n]}: ${describe(outcomeFor(c, n)) || '—'}`).join('<br>');
}

function timeOf(c: FaultCase): string {
  const budget = `≤ ${c.budgetMs / 1000} s`;
  return c.minMs ? `≥ ${c.minMs / 1000} s, ${budget}` : budget;
}

/** The fault matrix as a markdown table: the same rows the fault matrix test asserts. */
export function renderFaultTable(): string {
  const rows = [
    '| case | what the provider does | connectors | outcome | retryable | cancel requests | provider after | time | why |',
    '|---|---|---|---|---|---|---|---|---|',
    ...FAULT_CASES.map((c) =>
      [
        `\`${c.id}\``,
        c.fault,
        c.only ? DISPLAY[c.only] : CONNECTORS.map((n) => DISPLAY[n]).join(', '),
        c.merchantRetry
          ? `${perConnector(c, describeOutcome)}; the merchant's retry: ${perConnector({ ...c, outcome: c.merchantRetry }, describeOutcome)}`
          : perConnector(c, describeOutcome),
        perConnector(c, describeRetryable),
        String(c.attempts),
        c.provider,
        timeOf(c),
        c.why,
      ].join(' | '),
    ).map((row) => `| ${row} |`),
  ];
  const settings = [...new Set(FAULT_CASES.map((c) => `maxRetries ${c.settings.maxRetries}`))];
  return [
    START,
    rows.join('\n'),
    '',
    `Settings: ${settings.join(', ')}, timeoutMs ${FAULT_CASES[0]!.settings.timeoutMs} unless the case says otherwise, retryBaseDelayMs 1.`,
    `${FAULT_CASES.reduce((n, c) => n + (c.only ? 1 : CONNECTORS.length), 0)} runs in all.`,
    END,
  ].join('\n');
}

/** `doc` with its generated block replaced by `block`; throws when the markers are missing. */
export function withFaultTable(doc: string, block = renderFaultTable()): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error('docs/reliability.md has no fault-matrix markers');
  return `${doc.slice(0, start)}${block}${doc.slice(end + END.length)}`;
}
