/**
 * Where access tokens are shared between processes: one token request per expiry window for N
 * workers, not N. Values are opaque strings: `createSharedTokenSource` seals them (AES-GCM, a key
 * derived from a secret the workers hold, e.g. Liquido's client secret), so the store never
 * sees a token in the clear.
 * A connector takes one as its `tokenStore` setting (Liquido); `@paykit/queue/redis` has the
 * Redis one, `createMemoryTokenStore` the in-process one.
 */
export interface TokenStore {
  /** The value stored under `key`, or undefined once it expired or was deleted. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes `key`, only while it still holds `value` when given (a newer token stays). */
  delete(key: string, value?: string): Promise<void>;
  /**
   * Takes the lock `key` for `ttlMs` if nobody holds it: resolves its release, or undefined when
   * another holder has it. The lock expires by itself, so a holder that dies frees it.
   */
  lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>;
}

export interface TokenStoreLock {
  /** Frees the lock if this holder still has it. */
  release(): Promise<void>;
}

/** A token as a token endpoint answers it: the value and how long it lives. */
export interface IssuedToken {
  token: string;
  /** Lifetime from now, ms. */
  ttlMs: number;
}

/** A store in this process's memory: for one process, and for tests. */
export function createMemoryTokenStore(options: { now?: () => number } = {}): TokenStore {
  const now = options.now ?? Date.now;
  const values = new Map<string, { value: string; expiresAt: number }>();
  const read = (key: string) => {
    const entry = values.get(key);
    if (entry && entry.expiresAt <= now()) values.delete(key);
    return values.get(key);
  };
  return {
    async get(key) {
      return read(key)?.value;
    },
    async set(key, value, ttlMs) {
      values.set(key, { value, expiresAt: now() + ttlMs });
    },
    async delete(key, value) {
      if (value === undefined || read(key)?.value === value) values.delete(key);
    },
    async lock(key, ttlMs) {
      if (read(key)) return undefined;
      const owner = `lock.${Math.random().toString(36).slice(2)}`;
      values.set(key, { value: owner, expiresAt: now() + ttlMs });
      return {
        async release() {
          if (read(key)?.value === owner) values.delete(key);
        },
      };
    },
  };
}
