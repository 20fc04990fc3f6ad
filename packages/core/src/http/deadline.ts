/** An attempt that did not end within its timeoutMs: final, never retried (the provider may have acted). */
export class AttemptTimeout extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Runs one attempt with a signal that fires at its deadline or when the caller's fires, and
 * settles at that moment even when the fetch given ignores signals. One controller and one
 * timer per attempt, the timer cleared as soon as the attempt ends.
 */
export function underDeadline<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  caller: AbortSignal | undefined,
): Promise<T> {
  if (caller?.aborted) return Promise.reject(caller.reason);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new AttemptTimeout(`no answer within ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
    const onAbort = () => {
      reject(caller!.reason);
      controller.abort();
    };
    caller?.addEventListener('abort', onAbort, { once: true });
    run(controller.signal)
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer);
        caller?.removeEventListener('abort', onAbort);
      });
  });
}

/** Waits `ms`, or rejects with the caller's reason as soon as its signal fires. */
export function pause(ms: number, caller: AbortSignal | undefined): Promise<void> {
  if (caller?.aborted) return Promise.reject(caller.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(caller!.reason);
    };
    const timer = setTimeout(() => {
      caller?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    caller?.addEventListener('abort', onAbort, { once: true });
  });
}
