import { FAULT_LABELS, type FaultName } from '../shared/faults.js';

/**
 * Whether "the next request only" can end well: core's HTTP layer retries a 503 and a reset
 * connection, so the retry gets through. It never retries a timeout (the provider may be acting
 * on the request) nor a wrongly signed answer (the request was accepted), so for those the one
 * faulty request is the whole call, and the page says so instead of promising a recovery.
 */
const RETRIED: Readonly<Record<FaultName, boolean>> = {
  '503': true,
  reset: true,
  timeout: false,
  'bad-signature': false,
};

const NOT_RETRIED_WHY: Readonly<Partial<Record<FaultName, string>>> = {
  timeout:
    'A timeout is not retried (the provider may be acting on the request): the call fails on its first request, then ask again with the same request id.',
  'bad-signature':
    'A wrongly signed answer is not retried (the provider accepted the request): the call fails on its first request, then ask again with the same request id.',
};

export function describeFault(name: FaultName) {
  return {
    name,
    label: FAULT_LABELS[name],
    onceRecovers: RETRIED[name],
    ...(NOT_RETRIED_WHY[name] ? { onceNote: NOT_RETRIED_WHY[name] } : {}),
  };
}
