import {
  type CancelPaymentInput,
  type Connector,
  createRegistry,
  type Registry,
} from '@paykit/core';
import { ALL_SETUPS } from '../shared/connectors/index.js';
import { PlaygroundInputError } from '../shared/input-error.js';
import type { Playground } from '../shared/playground.js';
import type { PaymentRow } from '../shared/types.js';

const POSITION = /^@(\d+)$/;

/**
 * `@3` is the third demo payment of the connector's list: the demo ids of some simulators change
 * per run, positions do not. Another id is given back as it is, with no row.
 */
export function demoPayment(
  playground: Playground,
  connector: string,
  paymentId: string,
): PaymentRow | undefined {
  const position = POSITION.exec(paymentId);
  if (!position) return undefined;
  const payments = playground.listPayments(connector);
  if (!payments)
    throw new PlaygroundInputError(
      `${connector} talks to its sandbox: give the payment id, not a position.`,
    );
  const payment = payments[Number(position[1]) - 1];
  if (!payment)
    throw new PlaygroundInputError(
      `${connector} has ${payments.length} demo payments; ${paymentId} is not one of them.`,
    );
  return payment;
}

/**
 * The cancel options a demo payment needs (a PayCash reference: `target: reference`), under the
 * ones given: what the list knows about a payment is the default, the user's word wins.
 */
export function optionsFor(
  payment: PaymentRow | undefined,
  given: Record<string, string>,
): Record<string, string> {
  return { ...payment?.options, ...given };
}

/**
 * The playground's registry for the queue, whose connectors read `@N` in a job as the demo
 * payment at that position (and a Liquido reference as a reference). The job keeps `@N` as its
 * payment id, so a batch resumed in a later run (fresh simulators, new ids) is the same job.
 */
export function positionalRegistry(playground: Playground): Registry {
  return createRegistry(
    playground.connectors.map(({ id, connector }): Connector => {
      const resolve = (paymentId: string) => demoPayment(playground, id, paymentId);
      const cancelInput = (input: CancelPaymentInput): CancelPaymentInput => {
        const payment = resolve(input.paymentId);
        if (!payment) return input;
        const given = input.providerOptions?.[id];
        const setup = ALL_SETUPS.find((candidate) => candidate.id === id);
        const defaults = payment.options && setup ? setup.providerOptions(payment.options) : {};
        return {
          ...input,
          paymentId: payment.id,
          providerOptions: { ...input.providerOptions, [id]: { ...defaults, ...given } },
        };
      };
      return {
        specificationVersion: connector.specificationVersion,
        id: connector.id,
        displayName: connector.displayName,
        capabilities: connector.capabilities,
        cancelPayment: (input) => connector.cancelPayment(cancelInput(input)),
        ...(connector.getPayment
          ? {
              getPayment: (input) =>
                connector.getPayment!({
                  ...input,
                  paymentId: resolve(input.paymentId)?.id ?? input.paymentId,
                }),
            }
          : {}),
        ...(connector.verifyWebhook
          ? { verifyWebhook: (input) => connector.verifyWebhook!(input) }
          : {}),
      };
    }),
  );
}
