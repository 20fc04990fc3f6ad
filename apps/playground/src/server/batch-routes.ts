import type { IncomingMessage, ServerResponse } from 'node:http';
import { batchBodySchema, parseBody } from './api-schemas.js';
import { methodNotAllowed, readJsonBody, sendError, sendJson } from './http-utils.js';
import type { ApiContext } from './routes.js';

const BATCH_PATH = /^\/api\/batch(?:\/(demo|\d+))?$/;

/**
 * POST /api/batch { text, format } starts a batch; GET /api/batch/:id is its progress;
 * GET /api/batch/demo is a CSV of every simulator's demo payments. False for any other path.
 */
export async function handleBatch(
  { batches }: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  const match = BATCH_PATH.exec(pathname);
  if (!match) return false;
  const which = match[1];
  if (which === undefined && req.method === 'POST') {
    const body = parseBody(batchBodySchema, await readJsonBody(req));
    sendJson(res, 202, await batches.start(body.text, body.format));
    return true;
  }
  if (which === 'demo' && req.method === 'GET') {
    sendJson(res, 200, { format: 'csv', text: batches.demoFile() });
    return true;
  }
  if (which !== undefined && which !== 'demo' && req.method === 'GET') {
    const run = batches.get(Number(which));
    if (run) sendJson(res, 200, run);
    else sendError(res, 404, 'not_found', `No batch ${which}.`);
    return true;
  }
  return methodNotAllowed(req, res, pathname);
}
