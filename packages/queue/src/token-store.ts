import { PaykitError } from '@paykit/core';

/**
 * Where access tokens are shared between processes: one token request per expiry window for N
 * workers, not N. Values are opaque strings: `createSharedTokenSource` seals them (AES-GCM, a key
 * derived from a secret the workers hold, e.g. Liquido's client secret), so the store never
 * sees a token in the clear.
 *
 * Meant to move into `@paykit/core`'s token handling, where Liquido's token source takes it.
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

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function sealKey(secret: string, key: string): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
    'deriveKey',
  ]);
  return subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('paykit/token-store/v1'),
      info: encoder.encode(key),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals a token with AES-256-GCM under a key derived (HKDF-SHA-256) from `secret` and `key`. */
export async function sealToken(secret: string, key: string, plain: string): Promise<string> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(key) },
    await sealKey(secret, key),
    encoder.encode(plain),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** Opens a sealed token; undefined when it was sealed with another secret or tampered with. */
export async function openToken(
  secret: string,
  key: string,
  sealed: string,
): Promise<string | undefined> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) return undefined;
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(iv), additionalData: encoder.encode(key) },
      await sealKey(secret, key),
      fromBase64(data),
    );
    return decoder.decode(plain);
  } catch {
    return undefined;
  }
}

/** The in-process store: the default, one process. */
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

  async function fromStore(): Promise<string | undefined> {
    const sealed = await store.get(tokenKey);
    if (!sealed) return undefined;
    const opened = await openToken(sealWith, key, sealed);
    if (!opened) return undefined;
    const entry = JSON.parse(opened) as { token: string; renewAt: number };
    if (now() >= entry.renewAt) return undefined;
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
      await store.delete(tokenKey, sealed);
    },
  };
}
