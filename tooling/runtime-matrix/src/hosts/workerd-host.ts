import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Miniflare } from 'miniflare';
import { RESULT_MARKER } from '../fixture.js';

// Runs the worker probe in workerd through miniflare, in a Node of its own (miniflare 4 wants
// Node 22 or later): node workerd-host.mjs <worker.js> <compatibility flags JSON> <fixture JSON>.
// The fixture is the worker's FIXTURE binding; the worker fetches the simulators on 127.0.0.1
// through workerd's own network stack.

const [workerPath, flagsJson, fixtureJson] = process.argv.slice(2);
if (!workerPath || !flagsJson || !fixtureJson) {
  throw new Error('usage: workerd-host <worker.js> <flags JSON> <fixture JSON>');
}
const require = createRequire(import.meta.url);
const workerd = JSON.parse(
  readFileSync(
    require.resolve('workerd/package.json', { paths: [require.resolve('miniflare')] }),
    'utf8',
  ),
) as { version: string };

const mf = new Miniflare({
  modules: true,
  scriptPath: workerPath,
  compatibilityDate: '2025-09-01',
  compatibilityFlags: JSON.parse(flagsJson) as string[],
  bindings: { FIXTURE: JSON.parse(fixtureJson) },
});
try {
  const response = await mf.dispatchFetch('http://probe.local/');
  const text = await response.text();
  if (!response.ok)
    throw new Error(`the worker answered ${response.status}: ${text.slice(0, 2000)}`);
  console.log(
    `${RESULT_MARKER}${JSON.stringify({ version: `workerd ${workerd.version}`, outcomes: JSON.parse(text) })}`,
  );
} finally {
  await mf.dispose();
}
