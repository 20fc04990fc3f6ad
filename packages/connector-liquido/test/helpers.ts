import { createLiquido, type LiquidoSettings } from '../src/index.js';
import {
  createLiquidoSimulator,
  type LiquidoSimulator,
  type LiquidoSimulatorOptions,
} from '../src/testing/index.js';

export const CREDENTIALS = {
  clientId: 'test-client-id-4242',
  clientSecret: 'test-client-secret-Zq9!x~y(z)*',
  apiKey: 'test-api-key-8f3b2c1d9e',
} as const;

export function setup(
  settings: Partial<LiquidoSettings> = {},
  simOptions: LiquidoSimulatorOptions = {},
): { sim: LiquidoSimulator; liquido: ReturnType<typeof createLiquido> } {
  const sim = createLiquidoSimulator({ ...CREDENTIALS, ...simOptions });
  const liquido = createLiquido({
    ...CREDENTIALS,
    fetch: sim.fetch,
    baseUrl: 'https://liquido.sim.test',
    retryBaseDelayMs: 1,
    ...settings,
  });
  return { sim, liquido };
}

export { rejection } from '@paykit/core/testing';

export const tokenRequests = (sim: LiquidoSimulator) =>
  sim.requests.filter((r) => r.path === '/oauth2/token');
export const apiRequests = (sim: LiquidoSimulator) =>
  sim.requests.filter((r) => r.path.startsWith('/v1/'));
