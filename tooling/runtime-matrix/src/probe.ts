import { createLiquido } from '@paykit/connector-liquido';
import { createPayerMax } from '@paykit/connector-payermax';
import { createYabandPay } from '@paykit/connector-yabandpay';
import {
  type Connector,
  PaykitError,
  type VerifyWebhookInput,
  type WebhookEvent,
} from '@paykit/core';
import {
  CONNECTORS,
  type ConnectorFixture,
  type ConnectorName,
  type Fixture,
  type Flow,
  type FlowOutcome,
} from './fixture.js';

// Runs in every runtime of the matrix (Node, Bun, Deno, workerd, Chromium): only the connectors'
// main entries and what every runtime has (fetch, Web Crypto).

type FullConnector = Connector & {
  getPayment: NonNullable<Connector['getPayment']>;
  verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent>;
};

function connectorFor(name: ConnectorName, fixture: ConnectorFixture): FullConnector {
  // Short backoff and timeout: a runtime that cannot do something should say so fast.
  const common = { baseUrl: fixture.baseUrl, timeoutMs: 10_000, retryBaseDelayMs: 5 };
  const s = fixture.settings;
  switch (name) {
    case 'liquido':
      return createLiquido({
        clientId: s.clientId!,
        clientSecret: s.clientSecret!,
        apiKey: s.apiKey!,
        ...common,
      }) as FullConnector;
    case 'payermax':
      return createPayerMax({
        appId: s.appId!,
        privateKey: s.privateKey!,
        payermaxPublicKey: s.payermaxPublicKey!,
        ...common,
      }) as FullConnector;
    case 'yabandpay':
      return createYabandPay({ secretKey: s.secretKey!, tid: s.tid!, ...common }) as FullConnector;
  }
}

function describeError(error: unknown): { detail: string; retryable?: boolean } {
  if (PaykitError.isInstance(error)) {
    const cause = (error as { cause?: unknown }).cause;
    const because =
      cause instanceof Error && !error.message.includes(cause.message)
        ? ` (cause: ${cause.name}: ${cause.message})`
        : '';
    return { detail: `${error.code}: ${error.message}${because}`, retryable: error.retryable };
  }
  if (error instanceof Error) return { detail: `${error.name}: ${error.message}` };
  return { detail: `thrown: ${String(error)}` };
}

async function attempt(
  connector: ConnectorName,
  flow: Flow,
  run: () => Promise<string>,
): Promise<FlowOutcome> {
  try {
    return { connector, flow, ok: true, detail: await run() };
  } catch (error) {
    return { connector, flow, ok: false, ...describeError(error) };
  }
}

function expectEqual(what: string, actual: unknown, expected: unknown) {
  if (actual !== expected) {
    throw new Error(`${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** A cancel, a status query and a webhook verification for each connector. */
export async function runProbe(fixture: Fixture): Promise<FlowOutcome[]> {
  const perConnector = CONNECTORS.map(async (name) => {
    const f = fixture[name];
    let connector: FullConnector;
    try {
      connector = connectorFor(name, f);
    } catch (error) {
      const failed = describeError(error);
      return (['cancel', 'getPayment', 'verifyWebhook'] as const).map(
        (flow): FlowOutcome => ({ connector: name, flow, ok: false, ...failed }),
      );
    }
    // One flow after the other, as a merchant's code would; the connectors run side by side.
    const cancel = await attempt(name, 'cancel', async () => {
      const result = await connector.cancelPayment({ paymentId: f.cancelPaymentId });
      expectEqual('paymentId', result.paymentId, f.cancelPaymentId);
      return result.status;
    });
    const status = await attempt(name, 'getPayment', async () => {
      const result = await connector.getPayment({ paymentId: f.statusPaymentId });
      expectEqual('paymentId', result.paymentId, f.statusPaymentId);
      return result.status;
    });
    const webhook = await attempt(name, 'verifyWebhook', async () => {
      const event = await connector.verifyWebhook({
        body: f.webhook.body,
        headers: f.webhook.headers,
      });
      expectEqual('paymentId', event.paymentId, f.webhook.paymentId);
      return event.status;
    });
    return [cancel, status, webhook];
  });
  return (await Promise.all(perConnector)).flat();
}
