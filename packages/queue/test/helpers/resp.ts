import { connect, type Socket } from 'node:net';

export type RespValue = string | number | null | RespValue[] | Error;

/**
 * A minimal RESP2 client for the tests and the benchmark: PING, INFO, SCAN, SHUTDOWN. It talks
 * to redis-server directly, so that what it measures is not BullMQ's own client.
 */
export class RespClient {
  private buffer = Buffer.alloc(0);
  private readonly pending: { resolve(v: RespValue): void; reject(e: Error): void }[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('error', (error) => {
      for (const p of this.pending.splice(0)) p.reject(error);
    });
    socket.on('close', () => {
      for (const p of this.pending.splice(0)) p.reject(new Error('connection closed'));
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  command(...args: (string | number)[]): Promise<RespValue> {
    const parts = args.map(String);
    let text = `*${parts.length}\r\n`;
    for (const part of parts) text += `$${Buffer.byteLength(part)}\r\n${part}\r\n`;
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(text);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private drain(): void {
    for (;;) {
      const parsed = parse(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      this.pending.shift()?.resolve(parsed.value);
    }
  }
}

export function parse(
  buffer: Buffer,
  start: number,
): { value: RespValue; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buffer, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new Error(`unexpected RESP type ${type}`);
  }
}

/** `INFO commandstats` as calls per command. */
export async function commandCalls(client: RespClient): Promise<Map<string, number>> {
  const text = String(await client.command('INFO', 'commandstats'));
  const calls = new Map<string, number>();
  for (const line of text.split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match) calls.set(match[1]!, Number(match[2]));
  }
  return calls;
}
