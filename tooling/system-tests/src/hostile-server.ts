import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createBrotliCompress,
  createDeflate,
  createGzip,
  constants as zlibConstants,
} from 'node:zlib';

/** A request as the hostile server received it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** An answer from the upstream (a simulator), for a hostile server to pass on or rewrite. */
export interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Decides what to do with one request: answer it (write to `res`, return true), or return
 * false to forward it to the upstream unchanged. `forward()` fetches the upstream's answer
 * without sending it, so that the handler can rewrite it.
 */
export type HostileHandler = (
  request: SeenRequest,
  res: ServerResponse,
  forward: () => Promise<Upstream>,
) => boolean | Promise<boolean>;

export interface HostileServer {
  /** `http://127.0.0.1:<port>`: the connector's baseUrl. */
  url: string;
  /** Every request received, in order. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

// Hop-by-hop and computed headers: fetch and node:http set their own.
const DROPPED = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'content-encoding',
]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A node:http server on loopback, hand-made to misbehave, in front of an optional upstream. */
export async function startHostileServer(
  handle: HostileHandler,
  upstream?: string,
): Promise<HostileServer> {
  const seen: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        headers,
        body: raw.toString(),
      };
      seen.push(request);
      const forward = async (): Promise<Upstream> => {
        if (!upstream) throw new Error('this hostile server has no upstream');
        const sent: Record<string, string> = {};
        for (const [name, value] of Object.entries(headers)) {
          if (!DROPPED.has(name)) sent[name] = value;
        }
        const answer = await fetch(`${upstream}${req.url ?? '/'}`, {
          method: request.method,
          headers: sent,
          ...(raw.length ? { body: new Uint8Array(raw) } : {}),
        });
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!DROPPED.has(name)) out[name] = value;
        });
        return {
          status: answer.status,
          headers: out,
          body: Buffer.from(await answer.arrayBuffer()),
        };
      };
      if (await handle(request, res, forward)) return;
      send(res, await forward());
    } catch {
      res.socket?.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Sends an upstream answer (perhaps rewritten) whole. */
export function send(res: ServerResponse, answer: Upstream): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

export type Coding = 'gzip' | 'deflate' | 'br';

/** What a streaming answer made before the client stopped reading it. */
export interface Stream {
  /** Decoded bytes produced so far (before compression). */
  produced(): number;
}

/**
 * Streams `total` bytes of JSON-looking padding lazily, made only as the socket drains, so that
 * neither side ever holds the body: through a compressor (a compression bomb: 1 GiB of it is
 * about 1 MB of gzip), or plain, with or without a declared length.
 */
export function streamPadding(
  res: ServerResponse,
  total: number,
  options: { coding?: Coding; declareLength?: boolean; status?: number } = {},
): Stream {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.coding) headers['content-encoding'] = options.coding;
  if (options.declareLength && !options.coding) headers['content-length'] = String(total);
  res.writeHead(options.status ?? 200, headers);
  let sink: NodeJS.WritableStream = res;
  if (options.coding) {
    const z =
      options.coding === 'gzip'
        ? createGzip({ level: 9 })
        : options.coding === 'deflate'
          ? createDeflate({ level: 9 })
          : createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
    z.pipe(res);
    res.on('close', () => z.destroy());
    sink = z;
  }
  const spaces = Buffer.alloc(64 * 1024, 0x20);
  const first = Buffer.from(spaces);
  first.write('{"pad":"', 0);
  let produced = 0;
  let stopped = false;
  res.on('close', () => {
    stopped = true;
  });
  const pump = () => {
    while (!stopped && produced < total) {
      const piece = (produced === 0 ? first : spaces).subarray(
        0,
        Math.min(spaces.length, total - produced),
      );
      produced += piece.length;
      if (!sink.write(piece)) {
        sink.once('drain', pump);
        return;
      }
    }
    if (!stopped) sink.end();
  };
  pump();
  return { produced: () => produced };
}
