// What the Node side hands a probe (simulator URLs, test credentials, seeded payment ids, signed
// webhooks) and what a probe answers. Plain JSON both ways: it travels as a command-line
// argument, a workerd binding or a page's fetch. Every secret in it is a simulator's test value.

export const CONNECTORS = ['liquido', 'payermax', 'yabandpay'] as const;
export type ConnectorName = (typeof CONNECTORS)[number];

export const FLOWS = ['cancel', 'getPayment', 'verifyWebhook'] as const;
export type Flow = (typeof FLOWS)[number];

export interface ConnectorFixture {
  /** Where the simulator (or the page's proxy to it) answers. */
  baseUrl: string;
  /** The factory's settings besides `baseUrl`: the simulator's test credentials. */
  settings: Record<string, string>;
  /** A payment the connector can cancel, seeded for this probe alone. */
  cancelPaymentId: string;
  /** A payment to query, seeded for this probe alone. */
  statusPaymentId: string;
  /** A notification signed as the provider signs it, about `statusPaymentId`. */
  webhook: { body: string; headers: Record<string, string>; paymentId: string };
}

export type Fixture = Record<ConnectorName, ConnectorFixture>;

export interface FlowOutcome {
  connector: ConnectorName;
  flow: Flow;
  ok: boolean;
  /** On success the resolved status; on failure `code: message` (or the error's name). */
  detail: string;
  /** On failure: whether the SDK called it retryable. */
  retryable?: boolean;
}

/** The line a command-line probe prints its outcomes on, after this marker. */
export const RESULT_MARKER = '@@paykit-runtime-matrix@@';
