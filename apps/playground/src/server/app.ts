import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlayground, type Playground, type PlaygroundOptions } from '../shared/playground.js';
import { createBatchRunner } from './batch.js';
import { sendError } from './http-utils.js';
import { handleApi } from './routes.js';
import { serveStatic } from './static-files.js';

export interface StartOptions extends PlaygroundOptions {
  /** Default 4400; 0 for any free port. A busy port falls back to a free one. */
  port?: number;
}

export interface RunningPlayground {
  url: string;
  playground: Playground;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/** Starts the simulators, the connectors and the web server on 127.0.0.1. */
export async function startPlayground(options: StartOptions = {}): Promise<RunningPlayground> {
  const playground = await createPlayground(options);
  const context = { playground, batches: createBatchRunner(playground) };
  const log = (line: string) => options.log?.(playground.redactor.redactString(line));
  let port = 0;
  // The Host check keeps other sites out through DNS rebinding: only our own names are served.
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.on('finish', () =>
      log(`${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started} ms`),
    );
    try {
      if (!allowedHosts().has(req.headers.host ?? ''))
        return sendError(res, 421, 'wrong_host', 'Open the playground at 127.0.0.1.');
      if (await handleApi(context, req, res, url.pathname)) return;
      if (req.method === 'GET' && (await serveStatic(url.pathname, res))) return;
      sendError(res, 404, 'not_found', `Nothing at ${url.pathname}.`);
    } catch (error) {
      log(
        `error on ${req.method} ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent)
        sendError(res, 500, 'internal_error', 'The playground failed; see its log.');
      else res.end();
    }
  });

  const wanted = options.port ?? 4400;
  try {
    port = await listen(server, wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      await playground.close();
      throw error;
    }
    log(`port ${wanted} is busy; using a free one`);
    port = await listen(server, 0);
  }

  return {
    url: `http://127.0.0.1:${port}`,
    playground,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await context.batches.close();
      await playground.close();
    },
  };
}
