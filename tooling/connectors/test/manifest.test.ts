import { isConnectorTestKit } from '@paykit/core/testing';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_IDS, CONNECTOR_KITS, CONNECTOR_PACKAGES, kitFor } from '../src/index.js';

describe('the connector manifest', () => {
  it('lists each connector once, by a valid id', () => {
    expect(new Set(CONNECTOR_IDS).size).toBe(CONNECTOR_IDS.length);
    for (const kit of CONNECTOR_KITS) {
      expect(isConnectorTestKit(kit), kit.id).toBe(true);
      expect(kit.id).toMatch(/^[a-z][a-z0-9-]+$/);
      expect(kitFor(kit.id)).toBe(kit);
    }
    expect(() => kitFor('stripe')).toThrow(/No connector "stripe"/);
  });

  it('depends on exactly the packages whose kits it lists', async () => {
    const listed = new Set<unknown>(CONNECTOR_KITS);
    const found: unknown[] = [];
    for (const name of CONNECTOR_PACKAGES) {
      const testing = (await import(`${name}/testing`)) as Record<string, unknown>;
      const kits = Object.values(testing).filter(isConnectorTestKit);
      expect(kits, `${name}/testing exports no test kit`).not.toEqual([]);
      for (const kit of kits)
        expect(listed.has(kit), `${name}: ${kit.id} is not listed`).toBe(true);
      found.push(...kits);
    }
    expect(new Set(found).size).toBe(CONNECTOR_KITS.length);
  });

  it('makes a connector from each kit that cancels a seeded payment on its simulator', async () => {
    for (const kit of CONNECTOR_KITS) {
      const sim = kit.createSimulator();
      const connector = kit.createConnector(sim, { fetch: sim.fetch, retryBaseDelayMs: 1 });
      expect(connector.id).toBe(kit.id);
      expect(connector.displayName).toBe(kit.displayName);
      const paymentId = kit.seedCancellable(sim);
      expect(kit.state(sim, paymentId)).toBe('open');
      const result = await connector.cancelPayment({ paymentId });
      expect(['cancelled', 'pending']).toContain(result.status);
      expect(kit.state(sim, paymentId)).toBe('cancelled');
      expect(kit.cancelCount(sim, paymentId)).toBe(1);
      const cancels = sim.requests.filter((request) => kit.isCancelRequest(request));
      expect(cancels.map((request) => kit.paymentIdOf(request))).toEqual([paymentId]);
      if (kit.wireRequestId) expect(kit.wireRequestId(cancels[0]!)).toBe(result.requestId);
      expect(kit.state(sim, 'no-such-payment')).toBe('missing');
    }
  });

  it('gives each kit what a UI needs: demo payments, options and faults', () => {
    for (const kit of CONNECTOR_KITS) {
      const sim = kit.createSimulator(kit.generateCredentials(), { demo: true });
      kit.seedDemo(sim);
      const rows = kit.listPayments(sim);
      expect(rows.length, kit.id).toBeGreaterThan(3);
      expect(
        rows.some((row) => row.cancellable),
        kit.id,
      ).toBe(true);
      expect(kit.faults.length, kit.id).toBeGreaterThan(0);
      expect(kit.providerOptions({})).toEqual({});
      expect(kit.secrets(sim).length, kit.id).toBeGreaterThan(0);
    }
  });
});
