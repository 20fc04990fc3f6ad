import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import {
  createPayerMax,
  PAYERMAX_BASE_URLS,
  type PayerMaxSettings,
  VERSION,
} from '../src/index.js';
import { keys, rejection, setup, thrown } from './helpers.js';

const valid: PayerMaxSettings = {
  appId: 'a0dddd1f622243cb9aa1b676e808b5f8',
  privateKey: keys.merchantPrivateKey,
  payermaxPublicKey: keys.payermaxPublicKey,
};

describe('createPayerMax', () => {
  it('is the payermax connector with what it implements', () => {
    const connector = createPayerMax(valid);
    expect(connector).toMatchObject({
      id: 'payermax',
      displayName: 'PayerMax',
      specificationVersion: 'v1',
    });
    expect(connector.capabilities).toEqual(['cancelPayment', 'getPayment', 'verifyWebhook']);
    expect(typeof connector.getPayment).toBe('function');
    expect(VERSION).toBe(pkg.version);
  });

  it('knows both PayerMax gateways', () => {
    expect(PAYERMAX_BASE_URLS).toEqual({
      sandbox: 'https://pay-gate-uat.payermax.com/aggregate-pay/api/gateway',
      production: 'https://pay-gate.payermax.com/aggregate-pay/api/gateway',
    });
  });

  const bad: [
    string,
    Partial<Record<keyof PayerMaxSettings | 'refreshAfterMs' | 'now', unknown>>,
  ][] = [
    ['appId over 64 characters', { appId: 'a'.repeat(65) }],
    ['empty appId', { appId: '' }],
    ['missing appId', { appId: undefined }],
    ['appId with a control character', { appId: 'app\nid' }],
    ['merchantNo over 32 characters', { merchantNo: 'm'.repeat(33) }],
    ['empty merchantNo', { merchantNo: '' }],
    ['numeric merchantNo', { merchantNo: 12345 }],
    ['verifyResponses not a boolean', { verifyResponses: 'no' }],
    ['unknown environment', { environment: 'staging' }],
    ['baseUrl not a URL', { baseUrl: 'gateway' }],
    ['negative timeout', { timeoutMs: -5 }],
    ['fetch not a function', { fetch: 'fetch' }],
    ['refreshAfterMs negative', { refreshAfterMs: -1 }],
  ];
  for (const [name, overrides] of bad) {
    it(`refuses ${name} with configuration_error`, () => {
      thrown(
        () => createPayerMax({ ...valid, ...overrides } as PayerMaxSettings),
        'configuration_error',
      );
    });
  }

  it('accepts the limits exactly', () => {
    expect(() =>
      createPayerMax({ ...valid, appId: 'a'.repeat(64), merchantNo: 'm'.repeat(32) }),
    ).not.toThrow();
  });

  it('refuses no settings at all', () => {
    thrown(() => createPayerMax(undefined as never), 'configuration_error');
  });
});

describe('cancelPayment input', () => {
  const invalid: [string, unknown][] = [
    ['no input', undefined],
    ['null input', null],
    ['missing paymentId', {}],
    ['empty paymentId', { paymentId: '' }],
    ['numeric paymentId', { paymentId: 42 }],
    ['paymentId over 64 characters', { paymentId: 'p'.repeat(65) }],
    ['paymentId with a line break', { paymentId: 'ab\ncd' }],
    ['empty requestId', { paymentId: 'P1', requestId: '' }],
    ['numeric requestId', { paymentId: 'P1', requestId: 7 }],
    ['requestId over 64 characters', { paymentId: 'P1', requestId: 'r'.repeat(65) }],
    ['requestId with a space', { paymentId: 'P1', requestId: 'a b' }],
  ];
  for (const [name, input] of invalid) {
    it(`refuses ${name} with invalid_request before any request`, async () => {
      const { sim, connector } = setup();
      const error = await rejection(connector.cancelPayment(input as never), 'invalid_request');
      expect(error.connector).toBe('payermax');
      expect(error.issues?.length).toBeGreaterThan(0);
      expect(sim.requests).toHaveLength(0);
    });
  }
});
