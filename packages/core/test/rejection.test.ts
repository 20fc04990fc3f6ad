import { describe, expect, it } from 'vitest';
import { PaykitError } from '../src/index.js';
import { rejection } from '../src/testing/index.js';

const refused = () =>
  Promise.reject(new PaykitError({ code: 'invalid_request', message: 'paymentId is missing' }));

describe('rejection (core/testing)', () => {
  it('gives the PaykitError a promise rejects with', async () => {
    const error = await rejection(refused());
    expect(error.code).toBe('invalid_request');
    expect((await rejection(refused(), 'invalid_request')).message).toBe('paymentId is missing');
  });

  it('fails when the promise resolves, naming what it resolved with', async () => {
    await expect(rejection(Promise.resolve({ status: 'cancelled' }))).rejects.toThrow(
      'expected a rejection, the promise resolved with {"status":"cancelled"}',
    );
  });

  it('fails on a rejection that is not a PaykitError', async () => {
    await expect(rejection(Promise.reject(new TypeError('boom')))).rejects.toThrow(
      'expected a PaykitError, got TypeError: boom',
    );
  });

  it('fails on another code, quoting the one it got', async () => {
    await expect(rejection(refused(), 'network_error')).rejects.toThrow(
      'expected a PaykitError network_error, got invalid_request: paymentId is missing',
    );
  });
});
