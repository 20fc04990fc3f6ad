import { createLiquido } from '@paykit/connector-liquido';
import { createLiquidoSimulator } from '@paykit/connector-liquido/testing';
import { createPayerMax } from '@paykit/connector-payermax';
import {
  createPayerMaxSimulator,
  generatePayerMaxTestKeys,
  type PayerMaxTestKeys,
} from '@paykit/connector-payermax/testing';
import { createYabandPay } from '@paykit/connector-yabandpay';
import { createYabandPaySimulator } from '@paykit/connector-yabandpay/testing';
import { createRegistry, type Registry } from '@paykit/core';

// RSA key generation is slow: one set for the whole run.
let payermaxKeys: PayerMaxTestKeys | undefined;
const keys = () => {
  payermaxKeys ??= generatePayerMaxTestKeys();
  return payermaxKeys;
};

export interface SeenRequest {
  connector: string;
  path: string;
  body: string;
  at: number;
}

export interface WorldOptions {
  /** Added before each simulator answers, ms. */
  latencyMs?: number;
  /** How long a PayerMax cancel stays PENDING. */
  payermaxSettleMs?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * The three connectors against in-process simulators, with the requests each saw and how many
 * ran at once: what the behavioural suite checks.
 */
export function createWorld(options: WorldOptions = {}) {
  const liquido = createLiquidoSimulator();
  const k = keys();
  const payermax = createPayerMaxSimulator({
    merchantPublicKey: k.merchantPublicKey,
    keys: { privateKey: k.payermaxPrivateKey, publicKey: k.payermaxPublicKey },
    settleAfterMs: options.payermaxSettleMs ?? 0,
  });
  const yabandpay = createYabandPaySimulator();
  const requests: SeenRequest[] = [];
  const inFlight: Record<string, { now: number; max: number }> = {};

  function tracked(connector: string, fetch: typeof globalThis.fetch): typeof globalThis.fetch {
    inFlight[connector] = { now: 0, max: 0 };
    return async (input, init) => {
      const request = new Request(input, init);
      const body = request.method === 'GET' ? '' : await request.clone().text();
      const path = new URL(request.url).pathname;
      const counter = inFlight[connector]!;
      if (path !== '/oauth2/token') {
        requests.push({ connector, path, body, at: Date.now() });
        counter.now += 1;
        counter.max = Math.max(counter.max, counter.now);
      }
      try {
        if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
        return await fetch(request);
      } finally {
        if (path !== '/oauth2/token') counter.now -= 1;
      }
    };
  }

  const common = {
    timeoutMs: options.timeoutMs ?? 1000,
    maxRetries: options.maxRetries ?? 1,
    retryBaseDelayMs: 1,
  };
  const connectors = {
    liquido: createLiquido({
      ...liquido.credentials,
      fetch: tracked('liquido', liquido.fetch),
      ...common,
    }),
    payermax: createPayerMax({
      appId: payermax.appId,
      privateKey: k.merchantPrivateKey,
      payermaxPublicKey: payermax.publicKey,
      fetch: tracked('payermax', payermax.fetch),
      ...common,
    }),
    yabandpay: createYabandPay({
      secretKey: yabandpay.secretKey,
      tid: yabandpay.tid,
      fetch: tracked('yabandpay', yabandpay.fetch),
      ...common,
    }),
  };
  const registry: Registry = createRegistry(Object.values(connectors));

  /** Requests about one payment, cancels and queries, oldest first. */
  const about = (connector: string, paymentId: string) =>
    requests.filter((r) => r.connector === connector && (r.path + r.body).includes(paymentId));

  /** The request ids the cancels of a payment carried (PayerMax, YabandPay). */
  const requestIdsOf = (connector: string, paymentId: string) =>
    about(connector, paymentId).flatMap((r) => {
      if (!r.body) return [];
      const data = (JSON.parse(r.body) as { data?: Record<string, string> }).data ?? {};
      const id = data.requestId ?? data.request_id;
      return id ? [id] : [];
    });

  const secrets = [
    yabandpay.secretKey,
    liquido.credentials.clientSecret,
    liquido.credentials.apiKey,
    // Any 40 characters of the PayerMax private key (base64 PKCS#8) would be found.
    ...windows(k.merchantPrivateKey.replace(/-----[^-]+-----|\s/g, ''), 40),
  ];

  return {
    liquido,
    payermax,
    yabandpay,
    connectors,
    registry,
    requests,
    inFlight,
    about,
    requestIdsOf,
    secrets,
    /** Liquido's access tokens issued so far appear in its requests' authorization headers. */
    tokenPattern: /simtok_[0-9a-f]{48}/,
  };
}

function windows(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= text.length; i += size / 2) out.push(text.slice(i, i + size));
  return out;
}

export type World = ReturnType<typeof createWorld>;

/** Waits until `check` holds (polling), or fails with `what`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
