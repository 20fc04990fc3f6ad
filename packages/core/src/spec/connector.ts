export type Capability = 'cancelPayment' | 'getPayment' | 'verifyWebhook';

export interface Money {
  /** Integer minor units (cents for EUR, units for JPY). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface CancelPaymentInput {
  /** The payment as the provider knows it: Liquido idempotencyKey, PayerMax outTradeNo, YabandPay trade_id. */
  paymentId: string;
  /** Identifies this cancel request; generated when absent; the same on every retry. */
  requestId?: string;
  /** Keyed by connector id. */
  providerOptions?: Record<string, Record<string, unknown>>;
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

export interface GetPaymentInput {
  paymentId: string;
  providerOptions?: Record<string, Record<string, unknown>>;
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

export interface Connector {
  readonly specificationVersion: 'v1';
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: readonly Capability[];
  cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentResult>;
  getPayment?(input: GetPaymentInput): Promise<PaymentStatusResult>;
  verifyWebhook?(input: VerifyWebhookInput): Promise<WebhookEvent>;
}
