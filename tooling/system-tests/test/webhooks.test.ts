import { PaykitError, type WebhookEvent } from '@paykit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileString, wrongType } from '../src/arbitraries.js';
import { guardFile } from '../src/guard.js';
import { type ConnectorName, createConnectorFor, createSim } from '../src/harness.js';
import {
  liquidoHeaderMeaning,
  notificationPayload,
  type SignedWebhook,
  signWebhook,
  strictBase64,
  WEBHOOK_CONNECTORS,
  yabandpaySign,
  yabandpaySigned,
} from '../src/webhooks.js';

const RUNS = Number(process.env.WEBHOOK_RUNS ?? 800);
const guard = guardFile({ values: RUNS * WEBHOOK_CONNECTORS.length * 2 });

/** Where each provider puts the signature: a header, or (YabandPay) a field of the body. */
const SIGNATURE_HEADER: Partial<Record<ConnectorName, string>> = {
  liquido: 'liquido-signature',
  payermax: 'sign',
  yabandpay: undefined,
};

/** What a webhook that fails must fail with: a verifier never answers anything else. */
const REFUSED = ['signature_invalid', 'invalid_request'];
/** A correctly signed body that is not a valid notification: the same code from every connector. */
const MALFORMED_SIGNED: Record<ConnectorName, string> = {
  liquido: 'invalid_request',
  payermax: 'invalid_request',
  yabandpay: 'invalid_request',
};

/** One edit of a text: the ways bytes get changed on the way or by an attacker. */
const edit = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(hostileString, fc.string({ minLength: 1, maxLength: 3 })),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-case' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), text: fc.oneof(hostileString, fc.string()) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function applyEdit(text: string, e: Edit): string {
  const at = 'at' in e ? e.at % (text.length + 1) : 0;
  switch (e.kind) {
    case 'set':
      return text.slice(0, at) + e.text + text.slice(at + 1);
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.count);
    case 'truncate':
      return text.slice(0, at);
    case 'swap-case': {
      const c = text.charAt(at);
      const swapped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
      return text.slice(0, at) + swapped + text.slice(at + 1);
    }
    case 'replace':
      return e.text;
  }
}

/** Hex signatures compare without case: the verifiers read them case-insensitively. */
const sameHex = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

type Outcome = { ok: true; event: WebhookEvent } | { ok: false; error: unknown };

// The providers whose signing this suite knows (a new connector's webhooks are tested by its own
// package's tests, from the template).
describe.each(WEBHOOK_CONNECTORS)('webhooks: %s verifyWebhook', (name) => {
  const sim = createSim(name);
  const connector = createConnectorFor(name, { baseUrl: `https://${name}.sim.test` });
  const header = SIGNATURE_HEADER[name];
  let original: SignedWebhook;

  async function verify(body: unknown, headers: unknown): Promise<Outcome> {
    try {
      const event = await connector.verifyWebhook({ body, headers } as never);
      guard.inspect(event, `${name} webhook event`);
      return { ok: true, event };
    } catch (error) {
      guard.inspect(error, `${name} webhook error`);
      return { ok: false, error };
    }
  }

  function expectRefused(outcome: Outcome, codes = REFUSED) {
    expect(outcome.ok, 'a tampered webhook was accepted').toBe(false);
    const { error } = outcome as { error: unknown };
    expect(PaykitError.isInstance(error), `not a PaykitError: ${String(error)}`).toBe(true);
    expect(codes).toContain((error as PaykitError).code);
  }

  it('accepts the untampered webhook, whatever form its headers come in', async () => {
    original = await signWebhook(name, sim, notificationPayload(name, 'wh-payment-0001'));
    const upper = Object.fromEntries(
      Object.entries(original.headers).map(([k, v]) => [k.toUpperCase(), v]),
    );
    for (const headers of [
      original.headers,
      new Headers(original.headers),
      Object.entries(original.headers),
      upper,
    ]) {
      const outcome = await verify(original.body, headers);
      if (!outcome.ok) throw outcome.error;
      expect(outcome.event).toMatchObject({ connector: name, paymentId: 'wh-payment-0001' });
      expect(outcome.event.status).toBe('cancelled');
    }
  });

  it(`${RUNS} tampered bodies: refused unless what is signed is unchanged`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const body = edits.reduce(applyEdit, original.body);
        const outcome = await verify(body, original.headers);
        // Liquido and PayerMax sign the raw bytes; YabandPay signs the fields of `data`.
        const unchanged =
          name === 'yabandpay'
            ? yabandpaySigned(body) === yabandpaySigned(original.body) &&
              sameHex(yabandpaySign(body), yabandpaySign(original.body))
            : body === original.body;
        if (unchanged) {
          if (!outcome.ok) throw outcome.error;
        } else {
          expectRefused(outcome);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`${RUNS} tampered signatures: refused unless the signature is the same`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        let body = original.body;
        const headers = { ...original.headers };
        let same: boolean;
        if (header) {
          const value = edits.reduce(applyEdit, original.headers[header]!);
          headers[header] = value;
          // Header values are bytes: one outside latin-1 or with a line break is no header.
          const valid = /^[\t\x20-\x7e\x80-\xff]*$/.test(value);
          if (name === 'liquido') {
            const was = liquidoHeaderMeaning(original.headers[header]);
            const now = liquidoHeaderMeaning(value);
            same = valid && JSON.stringify(was) === JSON.stringify(now);
          } else {
            const bytes = strictBase64(value);
            same = valid && !!bytes && bytes.equals(strictBase64(original.headers[header]!)!);
          }
        } else {
          const json = JSON.parse(body) as { sign: string };
          json.sign = edits.reduce(applyEdit, json.sign);
          same = json.sign.toLowerCase() === (yabandpaySign(original.body) as string);
          body = JSON.stringify(json);
        }
        const outcome = await verify(body, headers);
        if (same) {
          if (!outcome.ok) throw outcome.error;
        } else {
          expectRefused(outcome);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a missing signature, and garbage in place of body or headers', async () => {
    const { [header ?? '']: _removed, ...unsigned } = original.headers;
    const body =
      name === 'yabandpay'
        ? JSON.stringify({ ...JSON.parse(original.body), sign: undefined })
        : original.body;
    expectRefused(await verify(body, unsigned));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ body: wrongType, headers: fc.constant(original.headers) }),
          fc.record({
            body: fc.constant(original.body),
            headers: fc.oneof(wrongType, hostileString),
          }),
          fc.record({
            body: fc.oneof(wrongType, hostileString),
            headers: fc.oneof(wrongType, hostileString),
          }),
        ),
        async ({ body, headers }) => {
          const outcome = await verify(body, headers);
          // Headers that carry no signature cannot verify, except YabandPay's (in the body).
          if (name === 'yabandpay' && body === original.body) {
            if (!outcome.ok) throw outcome.error;
            return;
          }
          expectRefused(outcome);
        },
      ),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it(`${Math.ceil(RUNS / 4)} correctly signed garbage bodies: an event or ${MALFORMED_SIGNED[name]}, never a crash`, async () => {
    const payload = fc.oneof(
      fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
      hostileString,
      // The notification with one field replaced by anything.
      fc.tuple(fc.nat(), fc.anything({ maxDepth: 2 })).map(([pick, value]) => {
        const base = notificationPayload(name, 'wh-payment-0002') as Record<string, unknown>;
        const inner = (
          name === 'liquido'
            ? (base.data as { chargeDetails: Record<string, unknown> }).chargeDetails
            : name === 'payermax'
              ? (base.data as Record<string, unknown>)
              : base
        ) as Record<string, unknown>;
        const keys = Object.keys(inner);
        inner[keys[pick % keys.length]!] = value;
        // YabandPay's fields are signed as the body will carry them: as JSON has them.
        return name === 'yabandpay' ? JSON.parse(JSON.stringify(base)) : JSON.stringify(base);
      }),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (value) => {
        // YabandPay signs an object of fields; the others sign the body text.
        if (name === 'yabandpay' && (typeof value !== 'object' || value === null)) return;
        const signed = await signWebhook(name, sim, value);
        const outcome = await verify(signed.body, signed.headers);
        if (outcome.ok) {
          expect(outcome.event.connector).toBe(name);
          expect(typeof outcome.event.status).toBe('string');
          if (outcome.event.amount) {
            expect(Number.isSafeInteger(outcome.event.amount.amount)).toBe(true);
          }
          return;
        }
        const error = outcome.error;
        expect(PaykitError.isInstance(error), `not a PaykitError: ${String(error)}`).toBe(true);
        expect((error as PaykitError).code, (error as PaykitError).message).toBe(
          MALFORMED_SIGNED[name],
        );
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });

  if (name === 'liquido') {
    it(`${RUNS} timestamps: within 300 s accepted, beyond refused, a changed one refused`, async () => {
      const body = original.body;
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: -2 * 86_400, max: 2 * 86_400 })
            .filter((d) => Math.abs(Math.abs(d) - 300) > 5),
          fc.integer({ min: 1, max: 10_000 }),
          async (delta, shift) => {
            const timestamp = Math.floor(Date.now() / 1000) + delta;
            const signed = await signWebhook(name, sim, body, { timestamp });
            const outcome = await verify(signed.body, signed.headers);
            if (Math.abs(delta) < 300) {
              if (!outcome.ok) throw outcome.error;
            } else {
              expectRefused(outcome, ['signature_invalid']);
            }
            // The same signature with another timestamp: the timestamp is signed too.
            const moved = signed.headers['liquido-signature']!.replace(
              `timestamp=${timestamp}`,
              `timestamp=${timestamp - shift}`,
            );
            expectRefused(await verify(body, { 'liquido-signature': moved }), [
              'signature_invalid',
            ]);
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});

guard.closingChecks();
