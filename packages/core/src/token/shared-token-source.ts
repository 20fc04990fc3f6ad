import { PaykitError } from '../errors/index.js';
import { openToken, sealToken } from './token-seal.js';
import type { IssuedToken, TokenStore } from './token-store.js';

export interface SharedTokenSourceOptions {
  store: TokenStore;
  /**
   * The key of this credential's token: names the provider and account, never a secret (e.g.
   * `liquido:<clientId>`). The store holds `<key>:token` and `<key>:lock`.
   */
  key: string;
  /** Fetches a new token (the token request). Called by one process at a time. */
  fetchToken(): Promise<IssuedToken>;
  /**
   * A secret every process sharing the token holds (Liquido: the client secret). The token is
   * sealed with a key derived from it before it is stored.
   */
  sealWith: string;
  /** Renew this long before expiry. Default: a tenth of the lifetime, at most 60 s. */
  marginMs?: number;
  /** How long the fetching process holds the lock at most. Default 10 s. */
  lockMs?: number;
  /** How often a process waiting for another's fetch looks again. Default 25 ms. */
  pollMs?: number;
  /** Epoch ms; tests move it. */
  now?: () => number;
}

export interface SharedTokenSource {
  /** A usable token: from this process's cache, from the store, or fetched (by one process). */
  get(): Promise<string>;
  /** Forgets `token` after the API refused it, here and in the store, unless a newer one replaced it. */
  invalidate(token: string): Promise<void>;
}

/**
 * A token shared through a store: each process keeps the token it read until shortly before it
 * expires; when none is usable, one process (the lock's holder) fetches a new one and stores it
 * sealed, the others wait for it. A holder that dies frees the lock when it expires.
 */
export function createSharedTokenSource(options: SharedTokenSourceOptions): SharedTokenSource {
  const { store, key, sealWith } = options;
  if (typeof sealWith !== 'string' || sealWith.length < 8) {
    throw new PaykitError({
      code: 'configuration_error',
      message: 'A shared token source needs sealWith: a secret of at least 8 characters.',
    });
  }
  const now = options.now ?? Date.now;
  const lockMs = options.lockMs ?? 10_000;
  const pollMs = options.pollMs ?? 25;
  const tokenKey = `${key}:token`;
  const lockKey = `${key}:lock`;
  let cached: { token: string; renewAt: number; sealed: string } | undefined;
  let inFlight: Promise<string> | undefined;

  const margin = (ttlMs: number) => options.marginMs ?? Math.min(60_000, ttlMs / 10);

  // The sealed token this process saw refused: never taken from the store again, even when the
  // store still answers with it (its delete not yet done, or another process's read first).
  let refused: string | undefined;

  async function fromStore(): Promise<string | undefined> {
    const sealed = await store.get(tokenKey);
    if (!sealed || sealed === refused) return undefined;
    const opened = await openToken(sealWith, key, sealed);
    if (!opened) return undefined;
    const entry = readEntry(opened);
    if (!entry || now() >= entry.renewAt) return undefined;
    cached = { token: entry.token, renewAt: entry.renewAt, sealed };
    return entry.token;
  }

  async function acquire(): Promise<string> {
    const deadline = now() + lockMs * 3;
    for (;;) {
      const found = await fromStore();
      if (found) return found;
      const lock = await store.lock(lockKey, lockMs);
      if (lock) {
        try {
          // Another process may have stored one between our read and the lock.
          const again = await fromStore();
          if (again) return again;
          const issued = await options.fetchToken();
          const renewAt = now() + issued.ttlMs - margin(issued.ttlMs);
          const sealed = await sealToken(
            sealWith,
            key,
            JSON.stringify({ token: issued.token, renewAt }),
          );
          await store.set(tokenKey, sealed, Math.max(1, renewAt - now()));
          cached = { token: issued.token, renewAt, sealed };
          return issued.token;
        } finally {
          await lock.release();
        }
      }
      if (now() > deadline) {
        // The holder is stuck past its lock three times over: fetch without it.
        return options.fetchToken().then((issued) => issued.token);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  return {
    get() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= acquire().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    async invalidate(token) {
      if (cached?.token !== token) return;
      const { sealed } = cached;
      cached = undefined;
      refused = sealed;
      await store.delete(tokenKey, sealed);
    },
  };
}

/** What a sealed entry holds; undefined for anything else (sealed by a different version). */
function readEntry(opened: string): { token: string; renewAt: number } | undefined {
  try {
    const entry = JSON.parse(opened) as { token?: unknown; renewAt?: unknown } | null;
    if (typeof entry?.token !== 'string' || typeof entry.renewAt !== 'number') return undefined;
    return { token: entry.token, renewAt: entry.renewAt };
  } catch {
    return undefined;
  }
}
