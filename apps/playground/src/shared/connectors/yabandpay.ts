import { createYabandPay } from '@paykit/connector-yabandpay';
import type { SandboxSetup } from './from-kit.js';

/** YabandPay's sandbox: the secret key, and a default terminal. */
export const yabandPaySandbox: SandboxSetup = {
  env: [
    { name: 'YABANDPAY_SECRET_KEY', secret: true, required: true },
    { name: 'YABANDPAY_TID', secret: false, required: false },
  ],
  connect: (env, settings) =>
    createYabandPay({
      secretKey: env.YABANDPAY_SECRET_KEY!,
      ...(env.YABANDPAY_TID ? { tid: env.YABANDPAY_TID } : {}),
      ...settings,
    }),
};
