import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPayerMax, type PayerMaxSettings } from '../src/index.js';
import {
  errorViews,
  keys,
  makeConnector,
  makeSim,
  nodeVerifies,
  rejection,
  thrown,
} from './helpers.js';

const der = (b64: string) => Buffer.from(b64, 'base64');
const merchantKey = createPrivateKey({
  key: der(keys.merchantPrivateKey),
  format: 'der',
  type: 'pkcs8',
});
const payermaxPublic = createPublicKey({
  key: der(keys.payermaxPublicKey),
  format: 'der',
  type: 'spki',
});

const PRIVATE_FORMATS: Record<string, string> = {
  'bare base64 PKCS#8 DER (the dashboard format)': keys.merchantPrivateKey,
  'PEM PKCS#8': merchantKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  'PEM PKCS#1': merchantKey.export({ format: 'pem', type: 'pkcs1' }) as string,
  'PEM PKCS#8 with literal \\n, as in .env files': (
    merchantKey.export({ format: 'pem', type: 'pkcs8' }) as string
  ).replace(/\n/g, '\\n'),
  'bare base64 with line breaks': keys.merchantPrivateKey.replace(/(.{64})/g, '$1\n'),
};

const PUBLIC_FORMATS: Record<string, string> = {
  'bare base64 SPKI DER (the dashboard format)': keys.payermaxPublicKey,
  'PEM SPKI': payermaxPublic.export({ format: 'pem', type: 'spki' }) as string,
  'PEM PKCS#1': payermaxPublic.export({ format: 'pem', type: 'pkcs1' }) as string,
};

describe('key formats', () => {
  for (const [name, privateKey] of Object.entries(PRIVATE_FORMATS)) {
    it(`signs with a private key as ${name}`, async () => {
      const sim = makeSim();
      const connector = makeConnector(sim, { privateKey });
      const result = await connector.cancelPayment({ paymentId: sim.seedPayment() });
      expect(result.status).toBe('pending');
      expect(nodeVerifies(sim.requests[0]!.body, sim.requests[0]!.headers.sign!)).toBe(true);
    });
  }

  for (const [name, payermaxPublicKey] of Object.entries(PUBLIC_FORMATS)) {
    it(`verifies answers with a PayerMax public key as ${name}`, async () => {
      const sim = makeSim();
      const connector = makeConnector(sim, { payermaxPublicKey });
      expect((await connector.cancelPayment({ paymentId: sim.seedPayment() })).status).toBe(
        'pending',
      );
      sim.faults.inject({ type: 'custom', name: 'wrong-signature' });
      await rejection(
        connector.cancelPayment({ paymentId: sim.seedPayment() }),
        'signature_invalid',
      );
    });
  }
});

const valid = {
  appId: 'app-1',
  privateKey: keys.merchantPrivateKey,
  payermaxPublicKey: keys.payermaxPublicKey,
};
const construct = (overrides: Partial<PayerMaxSettings>) => () =>
  createPayerMax({ ...valid, ...overrides } as PayerMaxSettings);

const pkcs8Pem = PRIVATE_FORMATS['PEM PKCS#8']!;
const pkcs1Pem = PRIVATE_FORMATS['PEM PKCS#1']!;
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const BAD_PRIVATE: Record<string, string> = {
  garbage: 'not a key at all',
  'truncated base64 DER': keys.merchantPrivateKey.slice(0, 400),
  'base64 DER with a corrupted byte': `${keys.merchantPrivateKey.slice(0, 100)}!${keys.merchantPrivateKey.slice(101)}`,
  'PEM without its END line': pkcs8Pem.replace(/-----END PRIVATE KEY-----\s*$/, ''),
  'PKCS#1 PEM with its body cut short': pkcs1Pem.replace(/\n[^\n]+\n-----END/, '\n-----END'),
  'a public key': keys.merchantPublicKey,
  'an EC key': ecKey.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  'an encrypted PEM key': merchantKey.export({
    format: 'pem',
    type: 'pkcs8',
    cipher: 'aes-256-cbc',
    passphrase: 'secret-passphrase',
  }) as string,
};

describe('bad keys are a configuration_error at construction', () => {
  for (const [name, privateKey] of Object.entries(BAD_PRIVATE)) {
    it(`privateKey: ${name}`, () => {
      const error = thrown(construct({ privateKey }), 'configuration_error');
      expect(error.message).toContain('privateKey');
      expect(error.connector).toBe('payermax');
      for (const view of errorViews(error)) {
        expect(view).not.toContain(privateKey);
        expect(view).not.toContain(keys.merchantPrivateKey.slice(40, 120));
      }
    });
  }

  it('payermaxPublicKey: garbage, a private key, empty', () => {
    for (const payermaxPublicKey of ['garbage', keys.merchantPrivateKey, pkcs1Pem]) {
      const error = thrown(construct({ payermaxPublicKey }), 'configuration_error');
      expect(error.message).toContain('payermaxPublicKey');
      // A private key given in the wrong place must not leak either.
      for (const view of errorViews(error))
        expect(view).not.toContain(keys.merchantPrivateKey.slice(40, 120));
    }
    thrown(construct({ payermaxPublicKey: '' }), 'configuration_error');
  });

  it('a missing or non-string key', () => {
    thrown(construct({ privateKey: undefined as never }), 'configuration_error');
    thrown(construct({ privateKey: 42 as never }), 'configuration_error');
    thrown(construct({ privateKey: '' }), 'configuration_error');
    thrown(construct({ payermaxPublicKey: undefined as never }), 'configuration_error');
  });
});

describe('no private key, in any format, in any error', () => {
  it('holds for construction and call errors', async () => {
    const collected: unknown[] = [];
    const secrets = [...Object.values(PRIVATE_FORMATS), keys.merchantPrivateKey.slice(64, 128)];
    for (const privateKey of Object.values(PRIVATE_FORMATS)) {
      // Settings errors next to a valid key.
      for (const bad of [{ appId: 'a'.repeat(65) }, { merchantNo: '' }, { timeoutMs: -1 }]) {
        try {
          construct({ privateKey, ...bad })();
        } catch (error) {
          collected.push(error);
        }
      }
      const sim = makeSim();
      const connector = makeConnector(sim, { privateKey, maxRetries: 0 });
      const attempts: [() => Promise<unknown>, () => void][] = [
        [() => connector.cancelPayment({ paymentId: '' }), () => undefined],
        [() => connector.cancelPayment({ paymentId: 'NOPE' }), () => undefined],
        [
          () => connector.cancelPayment({ paymentId: sim.seedPayment() }),
          () => sim.faults.inject({ type: 'reset' }),
        ],
        [
          () => connector.cancelPayment({ paymentId: sim.seedPayment() }),
          () => sim.faults.inject({ type: 'status', status: 502 }),
        ],
        [
          () => connector.cancelPayment({ paymentId: sim.seedPayment() }),
          () => sim.faults.inject({ type: 'custom', name: 'unsigned' }),
        ],
        [
          () => connector.cancelPayment({ paymentId: sim.seedPayment() }),
          () => sim.faults.inject({ type: 'malformed' }),
        ],
        [() => connector.verifyWebhook({ body: '{}', headers: { sign: 'AAAA' } }), () => undefined],
      ];
      for (const [call, arrange] of attempts) {
        arrange();
        collected.push(
          await call().then(
            () => new Error('expected a rejection'),
            (e: unknown) => e,
          ),
        );
      }
    }
    expect(collected.length).toBeGreaterThan(40);
    for (const error of collected) {
      expect((error as Error).name).toBe('PaykitError');
      for (const view of errorViews(error)) {
        for (const secret of secrets) expect(view.includes(secret)).toBe(false);
        for (const line of pkcs8Pem.split('\n').filter((l) => l.length > 40)) {
          expect(view.includes(line)).toBe(false);
        }
      }
    }
  });
});
