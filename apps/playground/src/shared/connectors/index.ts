import type { ConnectorSetup } from '../types.js';
import { acmePaySetup } from './acme-pay.js';
import { liquidoSetup } from './liquido.js';
import { payerMaxSetup } from './payermax.js';
import { yabandPaySetup } from './yabandpay.js';

/** Every connector the playground drives, in the order it shows them; the last is a third party's. */
export const ALL_SETUPS: readonly ConnectorSetup[] = [
  liquidoSetup,
  payerMaxSetup,
  yabandPaySetup,
  acmePaySetup,
];
