import { createPayerMax } from '@paykit/connector-payermax';
import type { SandboxSetup } from './from-kit.js';

/** PayerMax's sandbox: the app, the merchant's private key and PayerMax's public key. */
export const payerMaxSandbox: SandboxSetup = {
  env: [
    { name: 'PAYERMAX_APP_ID', secret: false, required: true },
    { name: 'PAYERMAX_MERCHANT_NO', secret: false, required: false },
    { name: 'PAYERMAX_PRIVATE_KEY', secret: true, required: true },
    { name: 'PAYERMAX_PUBLIC_KEY', secret: false, required: true },
  ],
  connect: (env, settings) =>
    createPayerMax({
      appId: env.PAYERMAX_APP_ID!,
      ...(env.PAYERMAX_MERCHANT_NO ? { merchantNo: env.PAYERMAX_MERCHANT_NO } : {}),
      privateKey: env.PAYERMAX_PRIVATE_KEY!,
      payermaxPublicKey: env.PAYERMAX_PUBLIC_KEY!,
      ...settings,
    }),
};
