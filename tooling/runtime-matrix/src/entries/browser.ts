import type { Fixture, FlowOutcome } from '../fixture.js';
import { runProbe } from '../probe.js';

// Chromium: the page loads this module from the Node side's origin, reads the fixture from it
// and leaves the outcomes on `window`, where the test picks them up.
declare global {
  interface Window {
    paykitProbe?: { outcomes?: FlowOutcome[]; error?: string };
  }
}

try {
  const fixture = (await (await fetch('/fixture.json')).json()) as Fixture;
  window.paykitProbe = { outcomes: await runProbe(fixture) };
} catch (error) {
  window.paykitProbe = { error: String(error) };
}
