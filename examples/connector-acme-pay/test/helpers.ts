import { type AcmePaySettings, createAcmePay } from '../src/index.js';
import { ACME_PAY_TEST_CREDENTIALS, createAcmePaySimulator } from '../src/testing/index.js';

export const credentials = ACME_PAY_TEST_CREDENTIALS;

/** A simulator and a connector wired to it in-process, retrying fast. */
export function setup(settings: Partial<AcmePaySettings> = {}) {
  const sim = createAcmePaySimulator();
  const connector = createAcmePay({
    ...credentials,
    fetch: sim.fetch,
    retryBaseDelayMs: 1,
    ...settings,
  });
  return { sim, connector };
}

export { rejection } from '@paykit/core/testing';
