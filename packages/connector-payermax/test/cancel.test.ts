import type { HttpRequestEvent } from '@paykit/core';
import { describe, expect, it } from 'vitest';
import { PAYERMAX_BASE_URLS, VERSION } from '../src/index.js';
import {
  EXAMPLE_TIME,
  keys,
  makeConnector,
  makeSim,
  nodeSign,
  nodeVerifies,
  rejection,
  setup,
} from './helpers.js';

describe('cancelPayment wire format', () => {
  it('sends the documented body, byte for byte, to {baseUrl}/cancel', async () => {
    const clock = () => EXAMPLE_TIME;
    const sim = makeSim({ now: clock, merchantNo: 'P01010114178824' });
    const connector = makeConnector(sim, { now: clock, merchantNo: 'P01010114178824' });
    const paymentId = sim.seedPayment({ outTradeNo: 'P1642410680681' });
    await connector.cancelPayment({ paymentId, requestId: 'cancel-0001' });

    expect(sim.requests).toHaveLength(1);
    const [sent] = sim.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.url).toBe(`${PAYERMAX_BASE_URLS.sandbox}/cancel`);
    expect(sent!.body).toBe(
      `{"version":"1.5","keyVersion":"1","requestTime":"2022-01-17T08:04:13.879+00:00","appId":"${sim.appId}","merchantNo":"P01010114178824","data":{"requestId":"cancel-0001","outTradeNo":"P1642410680681"}}`,
    );
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.headers['user-agent']).toMatch(new RegExp(`^paykit/\\S+ payermax/${VERSION}$`));
  });

  it('signs the exact bytes sent: Node crypto verifies the sign header and signs the same', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ outTradeNo: 'ORDER-ünïcødé-✓' });
    await connector.cancelPayment({ paymentId, requestId: 'sig-check-1' });
    const [sent] = sim.requests;
    const signature = sent!.headers.sign!;
    expect(signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(nodeVerifies(sent!.body, signature)).toBe(true);
    // PKCS#1 v1.5 is deterministic: an independent implementation gives the identical signature.
    expect(signature).toBe(nodeSign(sent!.body));
    expect(nodeVerifies(`${sent!.body} `, signature)).toBe(false);
  });

  it('leaves merchantNo out when it is not configured and uses UTC +00:00', async () => {
    const { sim, connector } = setup();
    await connector.cancelPayment({ paymentId: sim.seedPayment() });
    const body = JSON.parse(sim.requests[0]!.body);
    expect(Object.keys(body)).toEqual(['version', 'keyVersion', 'requestTime', 'appId', 'data']);
    expect(body.requestTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    expect(Math.abs(Date.parse(body.requestTime) - Date.now())).toBeLessThan(10_000);
    expect(Object.keys(body.data)).toEqual(['requestId', 'outTradeNo']);
  });

  it('goes to the production gateway when told', async () => {
    const sim = makeSim();
    const connector = makeConnector(sim, { environment: 'production' });
    await connector.cancelPayment({ paymentId: sim.seedPayment() });
    expect(sim.requests[0]!.url).toBe(
      'https://pay-gate.payermax.com/aggregate-pay/api/gateway/cancel',
    );
  });

  it('shows hooks the signed string and signature, never the private key', async () => {
    const events: HttpRequestEvent[] = [];
    const sim = makeSim();
    const connector = makeConnector(sim, { hooks: { onRequest: (e) => events.push(e) } });
    await connector.cancelPayment({ paymentId: sim.seedPayment(), requestId: 'hooked-1' });
    expect(events).toHaveLength(1);
    expect(events[0]!.signing?.stringToSign).toBe(sim.requests[0]!.body);
    expect(events[0]!.signing?.signature).toBe(sim.requests[0]!.headers.sign);
    expect(events[0]!.requestId).toBe('hooked-1');
    expect(JSON.stringify(events)).not.toContain(keys.merchantPrivateKey);
  });
});

describe('cancelPayment outcomes', () => {
  it('answers pending first, then cancelled for the same requestId, with the same cancelNo', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ amount: 25.5, currency: 'USD' });
    const first = await connector.cancelPayment({ paymentId, requestId: 'req-same-1' });
    expect(first).toMatchObject({
      connector: 'payermax',
      status: 'pending',
      paymentId,
      requestId: 'req-same-1',
      providerStatus: 'PENDING',
    });
    expect(first.providerReference).toMatch(/^\d{14}ED\d{19}$/);
    expect(first.raw).toMatchObject({ code: 'APPLY_SUCCESS', data: { status: 'PENDING' } });

    const again = await connector.cancelPayment({ paymentId, requestId: 'req-same-1' });
    expect(again.status).toBe('cancelled');
    expect(again.providerStatus).toBe('SUCCESS');
    expect(again.providerReference).toBe(first.providerReference);
    expect(sim.getPayment(paymentId)?.status).toBe('CANCELLED');
    expect(sim.getPayment(paymentId)?.cancels).toHaveLength(1);
  });

  it('stays pending until settleAfterMs has passed', async () => {
    let clock = Date.now();
    const now = () => clock;
    const { sim, connector } = setup({ settleAfterMs: 60_000, now }, { now });
    const paymentId = sim.seedPayment();
    expect((await connector.cancelPayment({ paymentId, requestId: 'slow-1' })).status).toBe(
      'pending',
    );
    clock += 30_000;
    expect((await connector.cancelPayment({ paymentId, requestId: 'slow-1' })).status).toBe(
      'pending',
    );
    expect(sim.getPayment(paymentId)?.status).toBe('AUTHORIZED');
    clock += 30_000;
    expect((await connector.cancelPayment({ paymentId, requestId: 'slow-1' })).status).toBe(
      'cancelled',
    );
  });

  it('generates a request id and keeps it and the body on a retry', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'status', status: 503 }, 1);
    const result = await connector.cancelPayment({ paymentId });
    expect(result.requestId).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(sim.requests).toHaveLength(2);
    expect(sim.requests[1]!.body).toBe(sim.requests[0]!.body);
    expect(sim.requests[1]!.headers.sign).toBe(sim.requests[0]!.headers.sign);
    expect(JSON.parse(sim.requests[1]!.body).data.requestId).toBe(result.requestId);
  });

  it('accepts ids of exactly 64 characters and characters a URL path would not', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment({ outTradeNo: `a/b?c#d${'x'.repeat(57)}` });
    expect(paymentId).toHaveLength(64);
    const result = await connector.cancelPayment({ paymentId, requestId: 'r'.repeat(64) });
    expect(result.status).toBe('pending');
    expect(sim.requests[0]!.url).toBe(`${PAYERMAX_BASE_URLS.sandbox}/cancel`);
  });

  it('works over loopback HTTP', async () => {
    const sim = makeSim();
    const server = await sim.listen();
    try {
      const connector = makeConnector(sim, { baseUrl: server.url, fetch: undefined });
      const result = await connector.cancelPayment({ paymentId: sim.seedPayment() });
      expect(result.status).toBe('pending');
      expect(sim.requests[0]!.path).toBe('/cancel');
    } finally {
      await server.close();
    }
  });

  it('an answer lost, then retried with the same requestId, answers the same cancel', async () => {
    const { sim, connector } = setup({ settleAfterMs: 60_000 }, { maxRetries: 0 });
    const paymentId = sim.seedPayment();
    // PayerMax takes the cancel; its answer never arrives.
    sim.faults.inject({ type: 'lost' });
    await rejection(connector.cancelPayment({ paymentId, requestId: 'lost-1' }), 'network_error');
    expect(sim.getPayment(paymentId)?.cancels).toHaveLength(1);
    const again = await connector.cancelPayment({ paymentId, requestId: 'lost-1' });
    expect(again).toMatchObject({
      status: 'pending',
      providerStatus: 'PENDING',
      requestId: 'lost-1',
    });
    expect(again.providerReference).toBe(sim.getPayment(paymentId)?.cancels[0]?.cancelNo);
    expect(sim.getPayment(paymentId)?.cancels).toHaveLength(1);
  });

  it('a lost answer retried by the HTTP layer meets the same cancel, already settled', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'lost' });
    const result = await connector.cancelPayment({ paymentId, requestId: 'lost-2' });
    expect(result).toMatchObject({ status: 'cancelled', providerStatus: 'SUCCESS' });
    expect(sim.requests).toHaveLength(2);
    expect(sim.requests[1]!.body).toBe(sim.requests[0]!.body);
    expect(sim.getPayment(paymentId)?.cancels).toHaveLength(1);
  });

  it('passes an abort signal through', async () => {
    const { sim, connector } = setup();
    const paymentId = sim.seedPayment();
    sim.faults.inject({ type: 'delay', ms: 5_000 });
    const controller = new AbortController();
    // Abort once the request is at the simulator, however long signing took on a busy machine.
    const watcher = setInterval(() => {
      if (sim.requests.length > 0) {
        clearInterval(watcher);
        controller.abort();
      }
    }, 2);
    const error = await connector
      .cancelPayment({ paymentId, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network_error', retryable: false });
    expect(sim.requests).toHaveLength(1);
  });
});
