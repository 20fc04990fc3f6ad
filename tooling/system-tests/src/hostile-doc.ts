import { HOSTILE_CASES, type HostileCase, type Section } from './hostile-cases.js';

export const HOSTILE_START =
  '<!-- hostile-peers:start (generated from tooling/system-tests/src/hostile-cases.ts) -->';
export const HOSTILE_END = '<!-- hostile-peers:end -->';

// The table does not depend on which connectors the manifest lists: a case without `only` runs
// against every one of them, a connector the generator adds included.
const DISPLAY: Readonly<Record<string, string>> = {
  liquido: 'Liquido',
  payermax: 'PayerMax',
  yabandpay: 'YabandPay',
};
const display = (name: string) => DISPLAY[name] ?? name;

const SECTIONS: Record<Section, string> = {
  memory: 'memory is bounded',
  secrets: 'no secret in any message',
  aborts: 'aborts, retries and shared work',
  redirects: 'redirects',
  signatures: 'signatures over bytes',
};

const outcome = (c: HostileCase) =>
  c.outcome.result === 'success' ? 'resolves' : `rejects \`${c.outcome.code}\``;
const retryable = (c: HostileCase) =>
  c.outcome.result === 'success' ? '' : c.outcome.retryable ? 'yes' : 'no';
const facts = (c: HostileCase) =>
  Object.entries(c.facts)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');

/** The hostile-peer cases as a markdown table: the same rows the hostile-peers test asserts. */
export function renderHostileTable(): string {
  const rows = HOSTILE_CASES.map((c) =>
    [
      `\`${c.id}\``,
      SECTIONS[c.section],
      c.peer,
      c.only ? c.only.map(display).join(', ') : 'all',
      `${outcome(c)}${c.pending ? ` (pending: ${c.pending})` : ''}`,
      retryable(c),
      String(c.requests),
      facts(c),
      c.why,
    ].join(' | '),
  ).map((row) => `| ${row} |`);
  return [
    HOSTILE_START,
    '| case | concern | what the peer does | connectors | outcome | retryable | cancel requests | also asserted | why |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Default settings (maxResponseBytes 1 MiB, maxRetryWaitMs 10000), maxRetries 2, retryBaseDelayMs 1. "all" is every connector of the manifest (`tooling/connectors`), one `pnpm new-connector` adds included.',
    HOSTILE_END,
  ].join('\n');
}

/** `doc` with its hostile-peers block replaced; throws when the markers are missing. */
export function withHostileTable(doc: string, block = renderHostileTable()): string {
  const start = doc.indexOf(HOSTILE_START);
  const end = doc.indexOf(HOSTILE_END);
  if (start < 0 || end < start) throw new Error('docs/reliability.md has no hostile-peers markers');
  return `${doc.slice(0, start)}${block}${doc.slice(end + HOSTILE_END.length)}`;
}
