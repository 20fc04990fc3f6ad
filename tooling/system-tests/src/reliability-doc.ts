import { KITS_BY_ID } from '@paykit/connectors';
import { FAULT_CASES, type FaultCase, type Outcome, type PerConnector } from './fault-cases.js';

export const START =
  '<!-- fault-matrix:start (generated from tooling/system-tests/src/fault-cases.ts) -->';
export const END = '<!-- fault-matrix:end -->';

// The table does not depend on which connectors the manifest lists: a connector the generator
// adds runs every case (with the `others` outcome where providers differ) and leaves it as it is.

/** A connector's name as people know it (its kit's display name). */
const display = (name: string) => KITS_BY_ID.get(name)?.displayName ?? name;

const describeOutcome = (o: Outcome) =>
  o.result === 'success' ? 'resolves' : `rejects \`${o.code}\``;
const describeRetryable = (o: Outcome) =>
  o.result === 'success' ? '' : o.retryable ? 'yes' : 'no';

/** One cell, or one line per connector named where the providers differ, then the others. */
function perConnector(outcome: Outcome | PerConnector, describe: (o: Outcome) => string): string {
  if ('result' in outcome) return describe(outcome as Outcome);
  const { others, ...named } = outcome as PerConnector;
  return [
    ...Object.entries(named).map(([n, o]) => `${display(n)}: ${describe(o) || '—'}`),
    `others: ${describe(others) || '—'}`,
  ].join('<br>');
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
        c.only ? display(c.only) : 'all',
        c.merchantRetry
          ? `${perConnector(c.outcome, describeOutcome)}; the merchant's retry: ${perConnector(c.merchantRetry, describeOutcome)}`
          : perConnector(c.outcome, describeOutcome),
        perConnector(c.outcome, describeRetryable),
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
    'Each case runs against every connector of the manifest (`tooling/connectors`) it applies to; "others" is the outcome of every connector a case does not name, such as one `pnpm new-connector` adds.',
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
