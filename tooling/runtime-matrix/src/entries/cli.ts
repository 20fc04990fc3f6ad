import { type Fixture, RESULT_MARKER } from '../fixture.js';
import { runProbe } from '../probe.js';

// Node (import and require), Bun and Deno: the fixture is the first argument; the runtime's
// version and the outcomes go to stdout after the marker.

declare const Deno: { args: string[]; version: { deno: string } } | undefined;
declare const Bun: { version: string } | undefined;

const args = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2);
const version =
  typeof Deno !== 'undefined'
    ? `Deno ${Deno.version.deno}`
    : typeof Bun !== 'undefined'
      ? `Bun ${Bun.version}`
      : `Node ${process.versions.node}`;
const fixture = JSON.parse(args[0] ?? 'null') as Fixture | null;
if (!fixture) throw new Error('usage: probe <fixture JSON>');
runProbe(fixture).then(
  (outcomes) => console.log(`${RESULT_MARKER}${JSON.stringify({ version, outcomes })}`),
  (error: unknown) => {
    console.error(error);
    throw error;
  },
);
