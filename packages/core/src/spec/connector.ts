export type Capability = 'cancelPayment' | 'getPayment' | 'verifyWebhook';

export interface Money {
  /** Integer minor units (cents for EUR, units for JPY). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

/** Options addressed to connectors, keyed by connector id. */
export type ProviderOptions = Record<string, Record<string, unknown>>;

/** `providerOptions` as the connector with id `I` takes it: its own entry, holding options `O`. */
export type ProviderOptionsFor<I extends string, O> = {
  [K in I]?: O;
};

/**
 * A cancel. A connector types `O` with its own key and options (`{ yabandpay?: {...} }`), so that
 * a misspelt key or option is a compile error; the registry takes any connector's.
 */
export interface CancelPaymentInput<O extends ProviderOptions = ProviderOptions> {
  /** The payment as the provider knows it: Liquido idempotencyKey, PayerMax outTradeNo, YabandPay trade_id. */
  paymentId: string;
  /** Identifies this cancel request; generated when absent; the same on every retry. */
  requestId?: string;
  /** Keyed by connector id. */
  providerOptions?: O;
  signal?: AbortSignal;
}

export interface CancelPaymentResult {
  connector: string;
  /** `cancelled`: the provider accepted the cancel. `pending`: it has not decided yet. */
  status: 'cancelled' | 'pending';
  paymentId: string;
  requestId: string;
  /** The provider's own word for the state. */
  providerStatus: string;
  providerReference?: string;
  amount?: Money;
  /** The provider's parsed body. */
  raw: unknown;
}

export interface GetPaymentInput<O extends ProviderOptions = ProviderOptions> {
  paymentId: string;
  providerOptions?: O;
  signal?: AbortSignal;
}

export type PaymentStatus =
  | 'pending'
  | 'authorized'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'refunded'
  | 'charged_back'
  | 'expired';

export interface PaymentStatusResult {
  connector: string;
  paymentId: string;
  status: PaymentStatus;
  providerStatus: string;
  providerReference?: string;
  amount?: Money;
  raw: unknown;
}

export interface WebhookEvent {
  connector: string;
  /** The provider's event name or notification type. */
  type: string;
  paymentId?: string;
  status: PaymentStatus;
  providerStatus: string;
  amount?: Money;
  /**
   * When the event happened, as the provider says (ISO 8601, UTC), so that a merchant can drop
   * stale replays; absent when the provider's value is missing or not a time.
   */
  occurredAt?: string;
  /** What to answer the provider with, where it expects a specific body. */
  acknowledgement?: { status: number; headers: Record<string, string>; body: string };
  raw: unknown;
}

export interface VerifyWebhookInput {
  body: string;
  headers: HeadersInit;
}

export interface Connector<
  O extends ProviderOptions = ProviderOptions,
  G extends ProviderOptions = O,
> {
  readonly specificationVersion: 'v1';
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: readonly Capability[];
  cancelPayment(input: CancelPaymentInput<O>): Promise<CancelPaymentResult>;
  getPayment?(input: GetPaymentInput<G>): Promise<PaymentStatusResult>;
  verifyWebhook?(input: VerifyWebhookInput): Promise<WebhookEvent>;
}

/** A connector that implements every capability: its optional methods are not optional. */
export type CompleteConnector<O extends ProviderOptions = ProviderOptions> = Connector<O> &
  Required<Pick<Connector<O>, 'getPayment' | 'verifyWebhook'>>;
