import type { StatusQuery } from '../inputs/connector-flows.js';
import type {
  CancelPaymentResult,
  Capability,
  PaymentStatusResult,
  VerifyWebhookInput,
  WebhookEvent,
} from '../spec/index.js';
import { defineConnector } from '../spec/index.js';
import type { ConnectorRuntime } from './connector-runtime.js';

type CancelPayment = (input: never) => Promise<CancelPaymentResult>;
type GetPayment = (input: never) => Promise<PaymentStatusResult>;
type VerifyWebhook = (input: VerifyWebhookInput) => Promise<WebhookEvent>;

/** A connector as `assembleConnector` makes it: the flows it was given, and nothing optional. */
export type AssembledConnector<
  X extends CancelPayment,
  G extends GetPayment | undefined,
  W extends VerifyWebhook | undefined,
> = {
  readonly specificationVersion: 'v1';
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: readonly Capability[];
  cancelPayment: X;
} & (G extends GetPayment ? { getPayment: G } : unknown) &
  (W extends VerifyWebhook ? { verifyWebhook: W } : unknown);

/**
 * A connector's factory ends here: each flow is given the shared context (a cancel also the
 * status query, to confirm with), the capabilities are what was given, and `defineConnector`
 * checks and traces the result. `context` is a plain object: it is copied for the cancel.
 */
export function assembleConnector<
  C extends object,
  X extends CancelPayment,
  G extends GetPayment,
  W extends VerifyWebhook | undefined = undefined,
>(
  runtime: ConnectorRuntime,
  context: C,
  flows: {
    getPayment: (context: C) => G;
    cancelPayment: (context: C & StatusQuery) => X;
    verifyWebhook?: W;
  },
): AssembledConnector<X, G, W>;
export function assembleConnector<
  C extends object,
  X extends CancelPayment,
  W extends VerifyWebhook | undefined = undefined,
>(
  runtime: ConnectorRuntime,
  context: C,
  flows: { cancelPayment: (context: C) => X; verifyWebhook?: W },
): AssembledConnector<X, undefined, W>;
export function assembleConnector(
  runtime: ConnectorRuntime,
  context: object,
  flows: {
    getPayment?: (context: object) => GetPayment;
    cancelPayment: (context: object) => CancelPayment;
    verifyWebhook?: VerifyWebhook;
  },
) {
  const getPayment = flows.getPayment?.(context);
  const capabilities: Capability[] = ['cancelPayment'];
  if (getPayment) capabilities.push('getPayment');
  if (flows.verifyWebhook) capabilities.push('verifyWebhook');
  return defineConnector(
    {
      id: runtime.connector,
      displayName: runtime.displayName,
      capabilities,
      cancelPayment: flows.cancelPayment(getPayment ? { ...context, getPayment } : context),
      ...(getPayment ? { getPayment } : {}),
      ...(flows.verifyWebhook ? { verifyWebhook: flows.verifyWebhook } : {}),
    } as Parameters<typeof defineConnector>[0],
    runtime,
  );
}
