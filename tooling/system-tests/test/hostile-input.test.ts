import { type CancelPaymentResult, PaykitError } from '@paykit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cancelInput, garbage, paymentIdOf, plainId, providerOptions } from '../src/arbitraries.js';
import { PAYERMAX_KEY_FORMS } from '../src/canaries.js';
import { guardFile } from '../src/guard.js';
import {
  type AnySimulator,
  CONNECTORS,
  type ConnectorName,
  createConnectorFor,
  createSim,
  providerState,
  seedPayment,
} from '../src/harness.js';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 2_500);
const guard = guardFile({ values: RUNS * CONNECTORS.length, events: 100 });

// Valid values of each connector's own options: the generator mixes them with garbage. The ones
// that would make a valid call fail at the provider by design (YabandPay's POS cancel of a paid
// payment, Liquido's reference target for a charge) are left out: this suite is about input. A
// connector not named here gets garbage options only.
const KNOWN_OPTIONS: Partial<Record<ConnectorName, Record<string, fc.Arbitrary<unknown>>>> = {
  liquido: { target: fc.constant('charge') },
  payermax: {},
  yabandpay: {
    tid: fc.stringMatching(/^T[0-9]{9}$/),
    method: fc.constantFrom('reversal', 'silent'),
  },
};

describe.each(CONNECTORS)('hostile input: %s cancelPayment', (name) => {
  it(`${RUNS} generated inputs: success on a real payment, or invalid_request before any request`, async () => {
    // A fresh simulator for every input (ids and request ids are single-use at the provider);
    // the connector keeps talking to whichever is current through this recording fetch.
    let sim: AnySimulator = createSim(name);
    let fetches = 0;
    const tally = { resolved: 0, refused: 0 };
    const forms = PAYERMAX_KEY_FORMS.map((form) =>
      createConnectorFor(
        name,
        {
          baseUrl: `https://${name}.sim.test`,
          fetch: (input, init) => {
            fetches += 1;
            return sim.fetch(input, init);
          },
          retryBaseDelayMs: 1,
          hooks: guard.hooks,
        },
        form,
      ),
    );
    let run = 0;

    await fc.assert(
      fc.asyncProperty(
        cancelInput(plainId, providerOptions(name, KNOWN_OPTIONS[name] ?? {})),
        async ({ input, paymentId }) => {
          sim = createSim(name);
          fetches = 0;
          if (typeof paymentId === 'string') seedPayment(name, sim, paymentId);
          // PayerMax takes turns with its key forms; the others have one connector.
          const connector = forms[run++ % (name === 'payermax' ? forms.length : 1)]!;

          let settled: { ok: true; value: CancelPaymentResult } | { ok: false; error: unknown };
          try {
            settled = { ok: true, value: await connector.cancelPayment(input as never) };
          } catch (error) {
            settled = { ok: false, error };
          }
          guard.inspect(settled.ok ? settled.value : settled.error, `${name} hostile outcome`);

          if (settled.ok) {
            tally.resolved += 1;
            expect(fetches).toBeGreaterThan(0);
            expect(settled.value.paymentId).toBe(paymentId);
            expect(['cancelled', 'pending']).toContain(settled.value.status);
            expect(providerState(name, sim, paymentId as string)).toBe('cancelled');
          } else {
            tally.refused += 1;
            const error = settled.error;
            expect(PaykitError.isInstance(error), `not a PaykitError: ${String(error)}`).toBe(true);
            expect((error as PaykitError).code, (error as PaykitError).message).toBe(
              'invalid_request',
            );
            expect(fetches, 'an invalid input reached the network').toBe(0);
            expect(sim.requests).toHaveLength(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
    if (process.env.SHOW_TALLY) process.stderr.write(`${name} ${JSON.stringify(tally)}\n`);
    // The generator reaches both sides, in earnest.
    expect(tally.resolved).toBeGreaterThan(RUNS * 0.1);
    expect(tally.refused).toBeGreaterThan(RUNS * 0.5);
  });

  it('refuses garbage as the whole input with invalid_request', async () => {
    await fc.assert(
      fc.asyncProperty(
        garbage.filter((v) => typeof paymentIdOf(v) !== 'string'),
        async (value) => {
          const connector = createConnectorFor(name, {
            fetch: () => Promise.reject(new Error('no network')),
          });
          const error = await connector.cancelPayment(value as never).then(
            () => undefined,
            (e: unknown) => e,
          );
          guard.inspect(error, `${name} garbage input`);
          expect(PaykitError.isInstance(error)).toBe(true);
          expect((error as PaykitError).code).toBe('invalid_request');
        },
      ),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });
});

guard.closingChecks();
