import * as v from 'valibot';
import { PaykitError } from '../errors/index.js';
import type { VerifyWebhookInput, WebhookEvent } from '../spec/index.js';
import { parseInput } from '../validation/index.js';
import { parseWebhookJson } from './webhook-body.js';

/** What a webhook request holds, read once for every piece that needs it. */
export interface WebhookRequest {
  body: string;
  headers: Headers;
  /** The body's JSON; a body that is not JSON is `invalid_request`. Read at most once. */
  json(): unknown;
}

/** The signature a request carries, and the exact text it was made over. */
export interface FoundSignature {
  signature: string;
  signed: string;
  /** When the provider signed it, Unix seconds, where the signature says. */
  timestamp?: number;
}

/**
 * The pieces of one provider's webhooks, as hyperswitch's IncomingWebhook has them: core runs
 * the flow (input, signature, verification, freshness, shape, addressee, event), the same for
 * every connector, so the same fault gets the same code everywhere.
 */
export interface WebhookSpec<S extends v.GenericSchema> {
  connector: string;
  displayName: string;
  /** Finds the signature; undefined, or a reason, when there is none well-formed. */
  signature(request: WebhookRequest): FoundSignature | string;
  /** Whether `signature` is the provider's over `signed` (keys imported once, by the connector). */
  verify(signed: string, signature: string): Promise<boolean>;
  /** How far a signed timestamp may be from now, in seconds; unchecked when absent. */
  toleranceSeconds?: number;
  /** The shape of a notification (lenient). */
  schema: S;
  /** Refuses a genuine notification that is not for this merchant: a reason, or undefined. */
  addressee?(notification: v.InferOutput<S>): string | undefined;
  /** The event: what the notification says, as the contract has it. */
  toEvent(
    notification: v.InferOutput<S>,
    found: FoundSignature,
  ): Omit<WebhookEvent, 'connector' | 'raw' | 'acknowledgement'>;
  /** What the provider expects back, where it expects a specific body. */
  acknowledgement?: WebhookEvent['acknowledgement'];
  /** The body's JSON, where it is not the raw body (YabandPay's `resultData=` form). */
  json?(body: string): string;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

const inputSchema = v.object({
  body: v.string('must be the raw request body, as a string'),
  headers: v.optional(v.unknown()),
});

function toHeaders(headers: unknown): Headers {
  try {
    return new Headers((headers ?? {}) as HeadersInit);
  } catch {
    return new Headers();
  }
}

/** Builds a connector's `verifyWebhook` from its pieces. */
export function createWebhookVerifier<S extends v.GenericSchema>(
  spec: WebhookSpec<S>,
): (input: VerifyWebhookInput) => Promise<WebhookEvent> {
  const { connector, displayName } = spec;
  const refuse = (reason: string) =>
    new PaykitError({
      code: 'signature_invalid',
      connector,
      message: `${displayName} webhook rejected: ${reason}.`,
    });
  const invalid = (reason: string) =>
    new PaykitError({
      code: 'invalid_request',
      connector,
      message: `${displayName} webhook refused: ${reason}.`,
    });

  return async function verifyWebhook(input) {
    const { body, headers } = parseInput(inputSchema, input, { connector, what: 'webhook input' });
    let json: { value: unknown } | undefined;
    const request: WebhookRequest = {
      body,
      headers: toHeaders(headers),
      json() {
        json ??= { value: parseWebhookJson(spec.json ? spec.json(body) : body, connector) };
        return json.value;
      },
    };
    const found = spec.signature(request);
    if (typeof found === 'string') throw refuse(found);
    // Signature before freshness: a forged header learns nothing about the window.
    if (!(await spec.verify(found.signed, found.signature))) {
      throw refuse('the signature does not verify');
    }
    if (spec.toleranceSeconds !== undefined && found.timestamp !== undefined) {
      const now = (spec.now ?? Date.now)() / 1000;
      if (!(Math.abs(now - found.timestamp) <= spec.toleranceSeconds)) {
        throw refuse(
          `the timestamp is more than ${spec.toleranceSeconds} s away from now (a replay?)`,
        );
      }
    }
    const raw = request.json();
    const notification = parseInput(spec.schema, raw, {
      connector,
      what: `${displayName} notification`,
    });
    const notForUs = spec.addressee?.(notification);
    if (notForUs) throw invalid(notForUs);
    return {
      connector,
      ...spec.toEvent(notification, found),
      ...(spec.acknowledgement
        ? {
            acknowledgement: {
              ...spec.acknowledgement,
              headers: { ...spec.acknowledgement.headers },
            },
          }
        : {}),
      raw,
    };
  };
}
