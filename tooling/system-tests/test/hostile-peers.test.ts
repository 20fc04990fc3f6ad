import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PaykitError } from '@paykit/core';
import { describe, expect, it } from 'vitest';
import { guardFile } from '../src/guard.js';
import { CONNECTORS } from '../src/harness.js';
import { createTrial, HOSTILE_CASES, hostileCasesFor } from '../src/hostile-cases.js';
import { renderHostileTable, withHostileTable } from '../src/hostile-doc.js';

// Hostile peers, hand-made on loopback (src/hostile-server.ts: node:http, in front of each
// connector's simulator where a normal answer is needed), against the three connectors through
// the real HTTP layer: compression bombs, endless bodies, answers that quote secrets, a token
// endpoint shared by callers that abort or fail, Retry-After beyond the budget or unreadable,
// runtimes that refuse options, redirects, and signatures over bytes. Caps and codes are
// asserted, never timings (one generous bound aside). Every case lives in
// src/hostile-cases.ts, which also generates its table in docs/reliability.md.

const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'reliability.md');
const guard = guardFile({ values: 40, events: 40 });
const ran: string[] = [];

describe.each(CONNECTORS)('hostile peers: %s', (name) => {
  for (const c of hostileCasesFor(name)) {
    const { outcome } = c;
    const test = c.pending ? it.fails : it;
    test(`${c.id}: ${outcome.result === 'success' ? 'resolves' : outcome.code}${c.pending ? ' (pending a connector change)' : ''}`, async () => {
      const trial = createTrial(name, guard);
      try {
        const played = await c.play(trial);
        const { settled } = played;
        guard.inspect(settled.ok ? settled.value : settled.error, `${name} ${c.id}`);
        if (outcome.result === 'success') {
          if (!settled.ok) throw settled.error;
          expect(settled.value.connector).toBe(name);
        } else {
          expect(settled.ok, 'expected a rejection').toBe(false);
          const error = (settled as { error: unknown }).error;
          expect(PaykitError.isInstance(error), String(error)).toBe(true);
          expect(error).toMatchObject({ code: outcome.code, retryable: outcome.retryable });
        }
        expect(played.requests, 'cancel requests the peer received').toBe(c.requests);
        expect(played.facts).toEqual(c.facts);
        ran.push(`${name}:${c.id}`);
      } finally {
        await trial.close();
      }
    });
  }
});

describe('hostile peers: the whole run', () => {
  it('ran every case that is not pending against every connector it applies to', () => {
    const expected = HOSTILE_CASES.filter((c) => !c.pending).flatMap((c) =>
      CONNECTORS.filter((n) => !c.only || c.only.includes(n)).map((n) => `${n}:${c.id}`),
    );
    expect(ran.sort()).toEqual(expected.sort());
  });

  it('docs/reliability.md shows the same table (UPDATE_DOCS=1 rewrites it)', () => {
    const table = renderHostileTable();
    mkdirSync(join(import.meta.dirname, '..', 'test-output'), { recursive: true });
    writeFileSync(join(import.meta.dirname, '..', 'test-output', 'hostile-table.md'), `${table}\n`);
    const doc = readFileSync(DOC, 'utf8');
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, withHostileTable(doc, table));
    expect(withHostileTable(readFileSync(DOC, 'utf8'), table)).toBe(readFileSync(DOC, 'utf8'));
  });
});

guard.closingChecks();
