import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { PaykitTracer } from '@paykit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLiquido } from '../src/index.js';
import { createLiquidoSimulator, type LiquidoSimulator } from '../src/testing/index.js';
import { CREDENTIALS, rejection } from './helpers.js';

// OpenTelemetry's SpanStatusCode.ERROR and SpanKind.CLIENT.
const ERROR = 2;
const CLIENT = 2;

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
// The tracer exactly as a user gets it from @opentelemetry/api's types: it must fit the setting.
const tracer: PaykitTracer = provider.getTracer('paykit');

let sim: LiquidoSimulator;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  // What the Node SDK registers: the active span follows the call across awaits.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  sim = createLiquidoSimulator(CREDENTIALS);
  server = await sim.listen();
});

afterAll(async () => {
  await server.close();
  context.disable();
  trace.disable();
  await provider.shutdown();
});

afterEach(() => {
  exporter.reset();
  sim.faults.clear();
});

const seedPix = () =>
  sim.seedCharge({ country: 'BR', paymentMethod: 'PIX_DYNAMIC_QR', transferStatus: 'IN_PROGRESS' });

const connect = (settings: Partial<Parameters<typeof createLiquido>[0]> = {}) =>
  createLiquido({
    ...CREDENTIALS,
    baseUrl: server.url,
    retryBaseDelayMs: 1,
    tracer,
    ...settings,
  });

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((span) => span.name === name);
const childrenOf = (parent: ReadableSpan) =>
  spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

describe('OpenTelemetry tracing', () => {
  it('traces a cancel as one span with a child span per HTTP attempt, token request included', async () => {
    const liquido = connect();
    const paymentId = seedPix();
    const result = await liquido.cancelPayment({ paymentId, requestId: 'trace-1' });
    expect(result.status).toBe('cancelled');

    const [cancel] = named('paykit.cancelPayment');
    expect(cancel).toBeDefined();
    expect(cancel!.attributes).toMatchObject({
      'paykit.connector': 'liquido',
      'paykit.flow': 'cancelPayment',
      'paykit.request_id': 'trace-1',
      'paykit.outcome': 'cancelled',
    });
    expect(cancel!.status.code).not.toBe(ERROR);

    const attempts = childrenOf(cancel!);
    expect(attempts.map((span) => span.name)).toEqual(['paykit.http', 'paykit.http']);
    const [token, call] = attempts;
    expect(token!.kind).toBe(CLIENT);
    expect(token!.attributes).toMatchObject({
      'paykit.connector': 'liquido',
      'paykit.attempt': 1,
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'url.full': `${server.url}/oauth2/token`,
    });
    expect(call!.attributes).toMatchObject({
      'paykit.attempt': 1,
      'paykit.request_id': 'trace-1',
      'http.response.status_code': 200,
      'url.full': `${server.url}/v1/payments/charges/cancel/${paymentId}`,
    });
  });

  it('shows a retried 503 as two attempt spans, the first one failed', async () => {
    const liquido = connect();
    await liquido.cancelPayment({ paymentId: seedPix() }); // the token, fetched beforehand
    exporter.reset();

    sim.faults.inject({ type: 'status', status: 503 });
    await liquido.cancelPayment({ paymentId: seedPix(), requestId: 'retry-503' });

    const [cancel] = named('paykit.cancelPayment');
    const attempts = childrenOf(cancel!);
    expect(attempts.map((span) => span.attributes['paykit.attempt'])).toEqual([1, 2]);
    expect(attempts[0]!.attributes).toMatchObject({
      'http.response.status_code': 503,
      'paykit.error.code': 'provider_unavailable',
    });
    expect(attempts[0]!.status.code).toBe(ERROR);
    expect(attempts[1]!.attributes['http.response.status_code']).toBe(200);
    expect(attempts[1]!.status.code).not.toBe(ERROR);
  });

  it('marks a refused cancel with the error code and an error status', async () => {
    const liquido = connect();
    await rejection(
      liquido.cancelPayment({ paymentId: 'no-such-payment', requestId: 'refused-1' }),
      'payment_not_found',
    );
    const [cancel] = named('paykit.cancelPayment');
    expect(cancel!.status.code).toBe(ERROR);
    expect(cancel!.attributes).toMatchObject({
      'paykit.error.code': 'payment_not_found',
      'paykit.error.retryable': false,
      'paykit.request_id': 'refused-1',
    });
  });

  it('records the final error code on the last attempt when every attempt failed', async () => {
    const liquido = connect({ maxRetries: 1 });
    await liquido.cancelPayment({ paymentId: seedPix() });
    exporter.reset();
    sim.faults.inject({ type: 'reset' }, 2);
    await rejection(liquido.cancelPayment({ paymentId: seedPix() }), 'network_error');
    const [cancel] = named('paykit.cancelPayment');
    const attempts = childrenOf(cancel!);
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt.attributes['paykit.error.code']).toBe('network_error');
      expect(attempt.status.code).toBe(ERROR);
    }
    expect(cancel!.attributes['paykit.error.code']).toBe('network_error');
  });

  it('traces a status query as paykit.getPayment', async () => {
    const liquido = connect();
    const paymentId = seedPix();
    const found = await liquido.getPayment({ paymentId });
    const [query] = named('paykit.getPayment');
    expect(query!.attributes).toMatchObject({
      'paykit.connector': 'liquido',
      'paykit.flow': 'getPayment',
      'paykit.outcome': found.status,
    });
    expect(childrenOf(query!).length).toBeGreaterThanOrEqual(1);
  });

  it('never puts a secret in a span: credentials, the access token, a query string', async () => {
    // A token URL with credentials in its query string, as some gateways want them.
    const authUrl = `${server.url}/oauth2/token?api_key=${CREDENTIALS.apiKey}&tenant=t1`;
    const liquido = connect({ authUrl });
    sim.faults.inject({ type: 'status', status: 503 });
    await liquido.cancelPayment({ paymentId: seedPix() });
    await rejection(liquido.cancelPayment({ paymentId: 'unknown-payment' }), 'payment_not_found');

    const bearer = sim.requests
      .map((request) => request.headers.authorization)
      .find((value) => value?.startsWith('Bearer '));
    const accessToken = bearer!.slice('Bearer '.length);
    const shown = JSON.stringify(
      spans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events,
        links: span.links,
      })),
    );
    expect(spans().length).toBeGreaterThanOrEqual(5);
    for (const secret of [CREDENTIALS.clientSecret, CREDENTIALS.apiKey, accessToken]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(encodeURIComponent(secret));
    }
    expect(shown).not.toContain('?');
    expect(shown).toContain(`${server.url}/oauth2/token"`);
  });

  it('traces nothing without the tracer setting, even with a global tracer provider', async () => {
    trace.setGlobalTracerProvider(provider);
    try {
      const liquido = connect({ tracer: undefined });
      await liquido.cancelPayment({ paymentId: seedPix() });
      await liquido.getPayment({ paymentId: seedPix() });
      expect(spans()).toEqual([]);
    } finally {
      trace.disable();
    }
  });

  it('keeps the call working when the tracer throws', async () => {
    const broken: PaykitTracer = {
      startSpan() {
        throw new Error('exporter down');
      },
      startActiveSpan() {
        throw new Error('exporter down');
      },
    };
    const liquido = connect({ tracer: broken });
    const result = await liquido.cancelPayment({ paymentId: seedPix() });
    expect(result.status).toBe('cancelled');
  });

  it('refuses a tracer setting that is not a tracer', async () => {
    await rejection(
      Promise.resolve().then(() =>
        connect({ tracer: { startSpan: 'no' } as unknown as PaykitTracer }),
      ),
      'configuration_error',
    );
  });
});
