import type { Fault, TestKitFault } from '@paykit/core/testing';

/** The faults the page and the CLI offer, by name: each kit says which make sense for it. */
export const FAULT_NAMES = [
  '503',
  'timeout',
  'reset',
  'bad-signature',
] as const satisfies readonly TestKitFault[];
export type FaultName = TestKitFault;

export const FAULT_LABELS: Record<FaultName, string> = {
  '503': 'HTTP 503 Service Unavailable',
  timeout: 'No answer in time (timeout)',
  reset: 'Connection reset',
  'bad-signature': 'Response with a wrong signature',
};

/** The simulator fault for a name; a timeout waits a second longer than the connector does. */
export function faultFor(name: FaultName, timeoutMs: number): Fault {
  switch (name) {
    case '503':
      return { type: 'status', status: 503, body: '{"error":"service unavailable (injected)"}' };
    case 'timeout':
      return { type: 'delay', ms: timeoutMs + 1000 };
    case 'reset':
      return { type: 'reset' };
    case 'bad-signature':
      return { type: 'custom', name: 'wrong-signature' };
  }
}
