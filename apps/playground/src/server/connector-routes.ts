import type { IncomingMessage, ServerResponse } from 'node:http';
import { PlaygroundInputError } from '../shared/input-error.js';
import type { CallOutcome } from '../shared/outcome.js';
import type { PlaygroundConnector } from '../shared/playground.js';
import { cancelBodySchema, followBodySchema, parseBody } from './api-schemas.js';
import { describeError, describePayment, withExponent } from './describe.js';
import { followOnce } from './follow.js';
import { methodNotAllowed, readJsonBody, sendError, sendJson } from './http-utils.js';
import type { ApiContext } from './routes.js';

const CONNECTOR_PATH = /^\/api\/connectors\/([^/]+)\/(payments|cancel|follow)$/;

/** An option the connector does not offer is a mistake to name, not to drop silently. */
function checkOptionNames(entry: PlaygroundConnector, options: Record<string, string>) {
  const known = entry.options.map((option) => option.name);
  const unknown = Object.keys(options).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const list = new Intl.ListFormat('en', { type: 'conjunction' }).format(known);
  const offers = known.length ? `${entry.id} takes ${list}` : `${entry.id} takes no options`;
  const issues = unknown.map((name) => `Unknown option "${name}": ${offers}`);
  throw new PlaygroundInputError(issues.join('; '), issues);
}

/** A call's outcome as the page shows it: amounts with their exponent, issues in words. */
export function describeOutcome(outcome: CallOutcome) {
  if (!outcome.ok) return { ...outcome, error: describeError(outcome.error) };
  const amount = withExponent(outcome.result.amount);
  return { ...outcome, result: { ...outcome.result, ...(amount ? { amount } : {}) } };
}

/** /api/connectors/:id/(payments|cancel|follow); false for any other path. */
export async function handleConnector(
  { playground, batches }: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  const match = CONNECTOR_PATH.exec(pathname);
  if (!match) return false;
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
      sendJson(res, 200, { payments: payments.map(describePayment) });
    }
    return true;
  }
  if (action === 'cancel' && req.method === 'POST') {
    const body = parseBody(cancelBodySchema, await readJsonBody(req));
    const entry = playground.get(id);
    checkOptionNames(entry, body.options);
    if (body.fault && batches.running)
      throw new PlaygroundInputError(
        'A batch is running: a fault injected now would hit its requests. Wait for it to finish.',
      );
    sendJson(res, 200, describeOutcome(await playground.cancel(id, body)));
    return true;
  }
  if (action === 'follow' && req.method === 'POST') {
    const body = parseBody(followBodySchema, await readJsonBody(req));
    checkOptionNames(playground.get(id), body.options);
    const check = await followOnce(playground, id, body);
    sendJson(res, 200, {
      ...check,
      ...('outcome' in check && check.outcome ? { outcome: describeOutcome(check.outcome) } : {}),
    });
    return true;
  }
  return methodNotAllowed(req, res, pathname);
}
