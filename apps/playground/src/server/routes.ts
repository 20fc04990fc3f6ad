import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaykitError } from '@paykit/core';
import { FAULT_LABELS } from '../shared/faults.js';
import { PlaygroundInputError } from '../shared/input-error.js';
import type { Playground, PlaygroundConnector } from '../shared/playground.js';
import { cancelBodySchema, parseBody } from './api-schemas.js';
import { readJsonBody, sendError, sendJson } from './http-utils.js';

/** What the page learns about a connector; never its settings. */
function describe(entry: PlaygroundConnector) {
  return {
    id: entry.id,
    displayName: entry.displayName,
    mode: entry.mode,
    ...(entry.notice ? { notice: entry.notice } : {}),
    capabilities: entry.connector.capabilities,
    options: entry.options,
    faults: entry.faults.map((name) => ({ name, label: FAULT_LABELS[name] })),
    referenceTables: entry.referenceTables,
    paymentsAvailable: entry.simulator !== undefined,
  };
}

const CONNECTOR_PATH = /^\/api\/connectors\/([^/]+)\/(payments|cancel)$/;

/** Handles /api/*; false when the path is not an API route. */
export async function handleApi(
  playground: Playground,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  if (!pathname.startsWith('/api/')) return false;
  try {
    if (req.method === 'GET' && pathname === '/api/connectors') {
      sendJson(res, 200, { connectors: playground.connectors.map(describe) });
      return true;
    }
    const match = CONNECTOR_PATH.exec(pathname);
    if (!match) {
      sendError(res, 404, 'not_found', `No API route ${req.method} ${pathname}.`);
      return true;
    }
    const id = decodeURIComponent(match[1]!);
    const action = match[2];
    if (action === 'payments' && req.method === 'GET') {
      const payments = playground.listPayments(id);
      if (!payments) {
        sendError(
          res,
          409,
          'sandbox_mode',
          `${id} talks to its sandbox: the payments list is only available with the simulator. Type a payment id.`,
        );
      } else {
        sendJson(res, 200, { payments });
      }
      return true;
    }
    if (action === 'cancel' && req.method === 'POST') {
      const body = parseBody(cancelBodySchema, await readJsonBody(req));
      sendJson(res, 200, await playground.cancel(id, body));
      return true;
    }
    sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${pathname}.`);
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
