import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BodyFault = 'stall-body' | 'cut-body';

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the connector here instead of at the simulator. */
  url: string;
  /**
   * For the next `times` requests whose path `affects`: pass the request on, let the simulator
   * handle it, then send the status, the headers and half of the body, and either hold the rest
   * (`stall-body`) or drop the connection (`cut-body`). The simulator's own faults cannot do
   * this: they answer whole.
   */
  inject(fault: BodyFault, times?: number): void;
  close(): Promise<void>;
}

// Hop-by-hop and computed headers: fetch sets its own.
const DROPPED = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An HTTP proxy on loopback in front of `target`, which can break an answer mid-body. */
export async function startFaultProxy(
  target: string,
  affects: (path: string) => boolean,
): Promise<FaultProxy> {
  const queue: BodyFault[] = [];
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!DROPPED.has(name) && typeof value === 'string') headers[name] = value;
      }
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length ? { body: new Uint8Array(body) } : {}),
      });
      const payload = Buffer.from(await upstream.arrayBuffer());
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!DROPPED.has(name)) out[name] = value;
      });
      out['content-length'] = String(payload.length);
      const fault = affects(new URL(req.url ?? '/', target).pathname) ? queue.shift() : undefined;
      res.writeHead(upstream.status, out);
      if (!fault) {
        res.end(payload);
        return;
      }
      res.write(payload.subarray(0, Math.floor(payload.length / 2)));
      if (fault === 'cut-body') setTimeout(() => res.socket?.destroy(), 5);
      // stall-body: nothing more is sent; the client gives up and closes the connection.
    } catch {
      res.socket?.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inject(fault, times = 1) {
      for (let i = 0; i < times; i++) queue.push(fault);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
