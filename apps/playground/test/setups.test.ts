import { CONNECTOR_IDS, CONNECTOR_KITS } from '@paykit/connectors';
import { describe, expect, it } from 'vitest';
import { setupFromKit } from '../src/shared/connectors/from-kit.js';
import { ALL_SETUPS } from '../src/shared/connectors/index.js';
import { createPlayground } from '../src/shared/playground.js';

describe('the playground’s connectors', () => {
  it('are the manifest’s, in its order', () => {
    expect(ALL_SETUPS.map((setup) => setup.id)).toEqual(CONNECTOR_IDS);
  });

  it('run a connector with no hand-written setup from its kit alone', async () => {
    const kit = CONNECTOR_KITS.find((k) => k.id === 'acme-pay')!;
    const setup = setupFromKit(kit);
    expect(setup.connectSandbox).toBeUndefined();
    const playground = await createPlayground({ setups: [setup], retryBaseDelayMs: 1 });
    try {
      const [entry] = playground.connectors;
      expect(entry).toMatchObject({ id: 'acme-pay', mode: 'simulator', faults: kit.faults });
      expect(entry!.options).toEqual(kit.options);
      const payment = playground.listPayments('acme-pay')!.find((p) => p.cancellable)!;
      expect(payment.amountText).toMatch(/^\d+\.\d{2} [A-Z]{3}$/);
      const outcome = await playground.cancel('acme-pay', {
        paymentId: payment.id,
        options: { reason: 'duplicate' },
      });
      expect(outcome.ok && outcome.result.status).toBe('cancelled');
      expect(playground.secrets.length).toBeGreaterThanOrEqual(2);
    } finally {
      await playground.close();
    }
  });
});
