import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { PaykitError } from '@paykit/core';
import { expect } from 'vitest';
import { createPayerMax, type PayerMaxSettings } from '../src/index.js';
import {
  createPayerMaxSimulator,
  generatePayerMaxTestKeys,
  type PayerMaxSimulator,
  type PayerMaxSimulatorOptions,
} from '../src/testing/index.js';

/** One key set per test file: RSA key generation is the slow part. */
export const keys = generatePayerMaxTestKeys();

/** Settings the connector does not document: a test clock and the re-sign age. */
export interface InternalSettings {
  now?: () => number;
  refreshAfterMs?: number;
}

export function makeSim(options: Partial<PayerMaxSimulatorOptions> = {}): PayerMaxSimulator {
  return createPayerMaxSimulator({
    merchantPublicKey: keys.merchantPublicKey,
    keys: { privateKey: keys.payermaxPrivateKey, publicKey: keys.payermaxPublicKey },
    ...options,
  });
}

export function makeConnector(
  sim: PayerMaxSimulator,
  overrides: Partial<PayerMaxSettings> & InternalSettings = {},
) {
  return createPayerMax({
    appId: sim.appId,
    privateKey: keys.merchantPrivateKey,
    payermaxPublicKey: sim.publicKey,
    fetch: sim.fetch,
    retryBaseDelayMs: 1,
    ...overrides,
  } as PayerMaxSettings);
}

export function setup(
  simOptions: Partial<PayerMaxSimulatorOptions> = {},
  overrides: Partial<PayerMaxSettings> & InternalSettings = {},
) {
  const sim = makeSim(simOptions);
  return { sim, connector: makeConnector(sim, overrides) };
}

export { rejection } from '@paykit/core/testing';

/** Throws, synchronously, and returns the PaykitError. */
export function thrown(fn: () => unknown, code: string): PaykitError {
  try {
    fn();
  } catch (error) {
    expect(PaykitError.isInstance(error)).toBe(true);
    expect((error as PaykitError).code).toBe(code);
    return error as PaykitError;
  }
  throw new Error(`expected a PaykitError ${code}, nothing was thrown`);
}

/** Every way an error could show a secret. */
export function errorViews(error: unknown): string[] {
  return [
    String((error as Error).message),
    String((error as Error).stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ];
}

/** Node's own check of a merchant request signature over the exact bytes. */
export function nodeVerifies(body: string, signature: string, publicKey = keys.merchantPublicKey) {
  const key = createPublicKey({
    key: Buffer.from(publicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
  return verify('sha256', Buffer.from(body, 'utf8'), key, Buffer.from(signature, 'base64'));
}

/** Node's own SHA256withRSA signature with a base64 PKCS#8 key. */
export function nodeSign(text: string, privateKey = keys.merchantPrivateKey): string {
  const key = createPrivateKey({
    key: Buffer.from(privateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  return sign('sha256', Buffer.from(text, 'utf8'), key).toString('base64');
}

/** A 200 answer the simulator sends instead of handling the request, signed unless told. */
export function scripted(sim: PayerMaxSimulator, payload: object, signed = true) {
  const body = JSON.stringify(payload);
  sim.faults.inject({
    type: 'status',
    status: 200,
    body,
    headers: signed ? { sign: sim.sign(body) } : {},
  });
}

/** The requestTime of PayerMax's own example, 2022-01-17T08:04:13.879+00:00. */
export const EXAMPLE_TIME = Date.UTC(2022, 0, 17, 8, 4, 13, 879);
