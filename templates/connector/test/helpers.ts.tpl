import { create{{Name}}, type {{Name}}Settings } from '../src/index.js';
import { {{NAME}}_TEST_CREDENTIALS, create{{Name}}Simulator } from '../src/testing/index.js';

export const credentials = {{NAME}}_TEST_CREDENTIALS;

/** A simulator and a connector wired to it in-process, retrying fast. */
export function setup(settings: Partial<{{Name}}Settings> = {}) {
  const sim = create{{Name}}Simulator();
  const connector = create{{Name}}({
    ...credentials,
    fetch: sim.fetch,
    retryBaseDelayMs: 1,
    ...settings,
  });
  return { sim, connector };
}

export { rejection } from '@paykit/core/testing';
