import { CONNECTOR_KITS } from '@paykit/connectors';
import type { ConnectorSetup } from '../types.js';
import { type SandboxSetup, setupFromKit } from './from-kit.js';
import { liquidoSandbox } from './liquido.js';
import { payerMaxSandbox } from './payermax.js';
import { yabandPaySandbox } from './yabandpay.js';

/** The providers with a sandbox, by connector id: the one part of a setup written by hand. */
const SANDBOXES: Readonly<Record<string, SandboxSetup>> = {
  liquido: liquidoSandbox,
  payermax: payerMaxSandbox,
  yabandpay: yabandPaySandbox,
};

/**
 * Every connector the playground drives, in the manifest's order (tooling/connectors): a
 * connector in the manifest is here, against its simulator, with no edit of the playground.
 */
export const ALL_SETUPS: readonly ConnectorSetup[] = CONNECTOR_KITS.map((kit) =>
  setupFromKit(kit, SANDBOXES[kit.id]),
);
