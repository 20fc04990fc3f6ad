// A registry module for `paykit-queue`: the three connectors against the simulators that
// demo/simulators.mjs serves (it writes their URLs and test credentials to a state file).
//
//   PAYKIT_DEMO_STATE=/tmp/paykit-demo.json paykit-queue cancel-batch batch.csv --registry demo/registry.mjs
//
// Settings from the environment: PAYKIT_DEMO_TIMEOUT_MS (default 1000), PAYKIT_DEMO_MAX_RETRIES
// (2), PAYKIT_DEMO_FOLLOW_MS (250), PAYKIT_DEMO_BACKOFF_MS (200),
// PAYKIT_DEMO_YABANDPAY_FOLLOW_DEADLINE_MS (the built-in 2 minutes).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLiquido } from '@paykit/connector-liquido';
import { createPayerMax } from '@paykit/connector-payermax';
import { createYabandPay } from '@paykit/connector-yabandpay';
import { createRegistry } from '@paykit/core';

export const DEFAULT_STATE = join(tmpdir(), 'paykit-queue-demo.json');

export default function demoRegistry() {
  const path = process.env.PAYKIT_DEMO_STATE ?? DEFAULT_STATE;
  let state;
  try {
    state = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(
      `No simulators found at ${path}: start them with node demo/simulators.mjs --state ${path}`,
    );
  }
  const env = process.env;
  const common = {
    timeoutMs: Number(env.PAYKIT_DEMO_TIMEOUT_MS ?? 1000),
    maxRetries: Number(env.PAYKIT_DEMO_MAX_RETRIES ?? 2),
    retryBaseDelayMs: 20,
  };
  const { url: liquidoUrl, ...liquido } = state.liquido;
  const { url: payermaxUrl, ...payermax } = state.payermax;
  const { url: yabandpayUrl, ...yabandpay } = state.yabandpay;
  const registry = createRegistry([
    createLiquido({ ...liquido, baseUrl: liquidoUrl, ...common }),
    createPayerMax({ ...payermax, baseUrl: payermaxUrl, ...common }),
    createYabandPay({ ...yabandpay, baseUrl: yabandpayUrl, ...common }),
  ]);
  return {
    registry,
    ...(env.PAYKIT_DEMO_YABANDPAY_FOLLOW_DEADLINE_MS
      ? {
          connectors: {
            yabandpay: { followDeadlineMs: Number(env.PAYKIT_DEMO_YABANDPAY_FOLLOW_DEADLINE_MS) },
          },
        }
      : {}),
    defaults: {
      followDelayMs: Number(env.PAYKIT_DEMO_FOLLOW_MS ?? 250),
      followMaxDelayMs: 2000,
      backoffMs: Number(env.PAYKIT_DEMO_BACKOFF_MS ?? 200),
    },
  };
}
