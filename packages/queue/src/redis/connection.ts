import { PaykitError } from '@paykit/core';
import type * as BullMQ from 'bullmq';

export type BullMQModule = typeof BullMQ;
export type RedisClient = BullMQ.RedisClient;

/** Where the Redis backend connects: a URL, or ioredis options (host, port, password, tls, db, ...). */
export interface RedisConnectionOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://...`. Default `REDIS_URL`. */
  url?: string;
  /** ioredis options, instead of `url`. */
  connection?: Record<string, unknown>;
}

let loaded: Promise<BullMQModule> | undefined;

/**
 * BullMQ, loaded when the Redis backend is first used: it is an optional peer dependency, so
 * users of the in-process queue never install it (nor its Redis client).
 */
export function loadBullMQ(): Promise<BullMQModule> {
  loaded ??= import('bullmq').catch((error: unknown) => {
    loaded = undefined;
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new PaykitError({
        code: 'configuration_error',
        message:
          'The Redis backend of @paykit/queue needs BullMQ, an optional peer dependency that is not installed: run `npm install bullmq` (version 5).',
      });
    }
    throw error;
  });
  return loaded;
}

/** The options BullMQ takes, from ours; the URL is checked here so that a typo is clear. */
export function bullConnection(options: RedisConnectionOptions): Record<string, unknown> {
  if (options.connection) return { ...options.connection };
  const url =
    options.url ?? (typeof process !== 'undefined' ? process.env.REDIS_URL : undefined) ?? '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
    throw new PaykitError({
      code: 'configuration_error',
      message: url
        ? 'The Redis URL must look like redis://host:port (or rediss:// for TLS).'
        : 'The Redis backend needs a URL: pass url (redis://host:port) or set REDIS_URL.',
    });
  }
  return { url };
}

/** A plain (non-blocking) connection with our Lua commands defined on it. */
export async function openClient(
  bullmq: BullMQModule,
  connection: Record<string, unknown>,
  commands: Record<string, { keys: number; lua: string }>,
): Promise<{ client: RedisClient; close(): Promise<void> }> {
  const redis = new bullmq.RedisConnection(connection as BullMQ.ConnectionOptions, {
    shared: false,
    blocking: false,
  });
  redis.on('error', () => {
    // ioredis reconnects by itself; a failed command rejects where it is awaited.
  });
  let client: RedisClient;
  try {
    client = await redis.client;
  } catch (error) {
    await redis.close().catch(() => undefined);
    throw new PaykitError({
      code: 'network_error',
      message: `Could not connect to Redis: ${(error as Error)?.message ?? 'unknown error'}.`,
    });
  }
  for (const [name, command] of Object.entries(commands)) {
    client.defineCommand(name, { numberOfKeys: command.keys, lua: command.lua });
  }
  return { client, close: () => redis.close() };
}
