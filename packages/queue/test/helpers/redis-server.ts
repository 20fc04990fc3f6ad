import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RespClient } from './resp.js';

export const REDIS_SERVER = process.env.PAYKIT_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RedisServer {
  url: string;
  port: number;
  /** A raw connection for looking at what is stored. */
  client: RespClient;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPing(
  port: number,
  child: ChildProcess,
  log: () => string,
): Promise<RespClient> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with code ${child.exitCode}:\n${log()}`);
    }
    try {
      const client = await RespClient.open(port);
      if ((await client.command('PING')) === 'PONG') return client;
      client.close();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`redis-server did not answer PING in 10 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts Debian's redis-server on a free loopback port with its own data directory and no
 * persistence, and waits until it answers PING. Fails (never skips) when redis-server is not
 * installed: `.ci/run` installs it.
 */
export async function startRedis(): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: the queue's tests need Debian's redis-server (apt-get install redis-server; .ci/run installs it).`,
    );
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'paykit-redis-'));
    let output = '';
    const child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'yes',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (d) => {
      output = (output + d).slice(-4000);
    });
    child.stderr?.on('data', (d) => {
      output = (output + d).slice(-4000);
    });
    try {
      const client = await waitForPing(port, child, () => output);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        client,
        async stop() {
          client.close();
          if (child.exitCode === null) {
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw lastError;
}
