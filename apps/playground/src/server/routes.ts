import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaykitError } from '@paykit/core';
import { PlaygroundInputError } from '../shared/input-error.js';
import type { Playground } from '../shared/playground.js';
import type { BatchRunner } from './batch.js';
import { handleBatch } from './batch-routes.js';
import { handleConnector } from './connector-routes.js';
import { describeConnector } from './describe.js';
import { sendError, sendJson } from './http-utils.js';

export interface ApiContext {
  playground: Playground;
  batches: BatchRunner;
}

/** Handles /api/*; false when the path is not an API route. */
export async function handleApi(
  context: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  if (!pathname.startsWith('/api/')) return false;
  try {
    if (req.method === 'GET' && pathname === '/api/connectors') {
      sendJson(res, 200, { connectors: context.playground.connectors.map(describeConnector) });
      return true;
    }
    if (
      (await handleConnector(context, req, res, pathname)) ||
      (await handleBatch(context, req, res, pathname))
    )
      return true;
    sendError(res, 404, 'not_found', `No API route ${req.method} ${pathname}.`);
  } catch (error) {
    if (error instanceof PlaygroundInputError) {
      sendError(res, 400, 'invalid_request', error.message, error.issues);
    } else if (PaykitError.isInstance(error) && error.code === 'unknown_connector') {
      sendError(res, 404, error.code, error.message);
    } else {
      throw error;
    }
  }
  return true;
}
