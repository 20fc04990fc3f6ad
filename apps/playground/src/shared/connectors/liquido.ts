import { createLiquido } from '@paykit/connector-liquido';
import type { SandboxSetup } from './from-kit.js';

/** Liquido's sandbox: the OAuth client and the API key from its dashboard. */
export const liquidoSandbox: SandboxSetup = {
  env: [
    { name: 'LIQUIDO_CLIENT_ID', secret: false, required: true },
    { name: 'LIQUIDO_CLIENT_SECRET', secret: true, required: true },
    { name: 'LIQUIDO_API_KEY', secret: true, required: true },
  ],
  connect: (env, settings) =>
    createLiquido({
      clientId: env.LIQUIDO_CLIENT_ID!,
      clientSecret: env.LIQUIDO_CLIENT_SECRET!,
      apiKey: env.LIQUIDO_API_KEY!,
      ...settings,
    }),
};
