import { connect, createServer, type Socket } from 'node:net';
import { parse } from './resp.js';

export interface CountingProxy {
  url: string;
  /** Commands the clients sent, and the writes they came in (a pipeline is one write: ≈ round trips). */
  counts(): { commands: number; writes: number; byCommand: Map<string, number> };
  reset(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of redis-server that counts what clients send: the Redis round trips of
 * a process, which `INFO commandstats` cannot tell (it also counts the calls Lua scripts make).
 */
export async function startCountingProxy(redisPort: number): Promise<CountingProxy> {
  let commands = 0;
  let writes = 0;
  let byCommand = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ port: redisPort, host: '127.0.0.1' });
    sockets.add(client);
    sockets.add(upstream);
    let buffer = Buffer.alloc(0);
    client.on('data', (chunk) => {
      writes += 1;
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parse(buffer, 0);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.end);
        commands += 1;
        const name = Array.isArray(parsed.value) ? String(parsed.value[0]).toLowerCase() : '?';
        byCommand.set(name, (byCommand.get(name) ?? 0) + 1);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    counts: () => ({ commands, writes, byCommand: new Map(byCommand) }),
    reset() {
      commands = 0;
      writes = 0;
      byCommand = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
