import { expect, it } from 'vitest';
import { createLiquido } from '../src/index.js';
import { createLiquidoSimulator } from '../src/testing/index.js';

it('runs the README offline example', async () => {
  const sim = createLiquidoSimulator();
  const liquido = createLiquido({
    ...sim.credentials,
    baseUrl: 'https://liquido.sim',
    fetch: sim.fetch,
  });
  const paymentId = sim.seedCharge({
    country: 'BR',
    paymentMethod: 'PIX_DYNAMIC_QR',
    transferStatus: 'IN_PROGRESS',
  });
  expect((await liquido.cancelPayment({ paymentId })).status).toBe('cancelled');
});
