import { describe, expect, it } from 'vitest';
import { generatePayerMaxTestKeys } from '../src/testing/index.js';
import { makeConnector, makeSim, rejection, setup } from './helpers.js';

describe('response signatures', () => {
  it('an unsigned APPLY_SUCCESS answer is signature_invalid', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'custom', name: 'unsigned' });
    const error = await rejection(connector.cancelPayment({ paymentId }), 'signature_invalid');
    expect(error.message).toContain('without a sign header');
    // The cancel did reach the simulator: only the answer could not be trusted.
    expect(sim.getPayment(paymentId)?.cancels).toHaveLength(1);
  });

  it('a wrong signature is signature_invalid', async () => {
    const { sim, connector } = setup();
    sim.faults.inject({ type: 'custom', name: 'wrong-signature' });
    await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }), 'signature_invalid');
  });

  it('a body changed after signing is signature_invalid', async () => {
    const { sim, connector } = setup();
    const signed = JSON.stringify({
      msg: 'Success.',
      code: 'APPLY_SUCCESS',
      data: { status: 'PENDING' },
    });
    const tampered = signed.replace('PENDING', 'SUCCESS');
    sim.faults.inject({
      type: 'status',
      status: 200,
      body: tampered,
      headers: { sign: sim.sign(signed) },
    });
    await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }), 'signature_invalid');
  });

  it('an answer signed by another key is signature_invalid', async () => {
    const stranger = generatePayerMaxTestKeys();
    const sim = makeSim();
    const connector = makeConnector(sim, { payermaxPublicKey: stranger.payermaxPublicKey });
    await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }), 'signature_invalid');
  });

  it('a signature that is not base64 is signature_invalid', async () => {
    const { sim, connector } = setup();
    const body = JSON.stringify({
      msg: 'Success.',
      code: 'APPLY_SUCCESS',
      data: { status: 'SUCCESS' },
    });
    sim.faults.inject({
      type: 'status',
      status: 200,
      body,
      headers: { sign: '%%% not base64 %%%' },
    });
    await rejection(connector.cancelPayment({ paymentId: sim.seedPayment() }), 'signature_invalid');
  });

  it("an unsigned error answer is mapped, but never as the payment's state", async () => {
    const { sim, connector } = setup();
    // Signed, the simulator's ORDER_NOT_EXIST is payment_not_found; unsigned it proves nothing.
    await rejection(connector.cancelPayment({ paymentId: 'UNKNOWN-ORDER' }), 'payment_not_found');
    sim.faults.inject({ type: 'custom', name: 'unsigned' });
    const error = await rejection(
      connector.cancelPayment({ paymentId: 'UNKNOWN-ORDER' }),
      'provider_error',
    );
    expect(error.providerCode).toBe('ORDER_NOT_EXIST');
    expect(error.providerMessage).toBe('Order does not exist.');
    expect(sim.requests.map((r) => r.fault)).toEqual([undefined, 'custom']);
  });

  it('an error answer with a wrong signature is signature_invalid', async () => {
    const { sim, connector } = setup();
    sim.faults.inject({ type: 'custom', name: 'wrong-signature' });
    await rejection(connector.cancelPayment({ paymentId: 'UNKNOWN-ORDER' }), 'signature_invalid');
  });

  it('verifyResponses: false accepts unsigned and wrongly signed answers', async () => {
    const { sim, connector } = setup({}, { verifyResponses: false });
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'custom', name: 'unsigned' });
    expect((await connector.cancelPayment({ paymentId, requestId: 'nv-1' })).status).toBe(
      'pending',
    );
    sim.faults.inject({ type: 'custom', name: 'wrong-signature' });
    expect((await connector.cancelPayment({ paymentId, requestId: 'nv-1' })).status).toBe(
      'cancelled',
    );
    expect(sim.requests.map((r) => r.fault)).toEqual(['custom', 'custom']);
  });

  it('verifies signatures over non-ASCII bodies', async () => {
    const { sim, connector } = setup();
    const result = await connector.cancelPayment({
      paymentId: sim.seedPayment({ outTradeNo: 'Bestellung-äöü-€' }),
    });
    expect(result.status).toBe('pending');
  });
});
