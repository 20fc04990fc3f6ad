import type { IncomingMessage, ServerResponse } from 'node:http';
import { PlaygroundInputError } from '../shared/input-error.js';

const MAX_BODY_BYTES = 64 * 1024;

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  issues?: readonly string[],
): void {
  sendJson(res, status, { error: { code, message, ...(issues ? { issues } : {}) } });
}

/** Reads a JSON body; JSON only, which also keeps other sites' plain form posts out. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new PlaygroundInputError('Send the body as application/json.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PlaygroundInputError('The body is too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new PlaygroundInputError('The body is not valid JSON.');
  }
}

/** The answer to a method the route does not take; true, as a handled route. */
export function methodNotAllowed(req: IncomingMessage, res: ServerResponse, pathname: string) {
  sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${pathname}.`);
  return true;
}
