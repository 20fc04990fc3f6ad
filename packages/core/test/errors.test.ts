import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isRetryableCode,
  PAYKIT_ERROR_CODES,
  PaykitError,
  type PaykitErrorCode,
} from '../src/index.js';

// The contract table of /work/shared/design/architecture.md, "Errors", copied by hand so that a
// change of either side is caught here.
const CONTRACT: Record<string, boolean> = {
  invalid_request: false,
  configuration_error: false,
  unknown_connector: false,
  unsupported_operation: false,
  authentication_failed: false,
  payment_not_found: false,
  already_cancelled: false,
  not_cancellable: false,
  cancel_window_expired: false,
  duplicate_request: false,
  rate_limited: true,
  provider_unavailable: true,
  provider_error: false,
  timeout: true,
  network_error: true,
  invalid_response: false,
  signature_invalid: false,
};

const codes = Object.keys(PAYKIT_ERROR_CODES) as PaykitErrorCode[];

describe('PAYKIT_ERROR_CODES', () => {
  it('holds exactly the codes of the contract table', () => {
    expect([...codes].sort()).toEqual(Object.keys(CONTRACT).sort());
  });

  it.each(Object.entries(CONTRACT))('%s: retryable is %s by default', (code, retryable) => {
    const c = code as PaykitErrorCode;
    expect(PAYKIT_ERROR_CODES[c]).toBe(retryable);
    expect(isRetryableCode(c)).toBe(retryable);
    expect(new PaykitError({ code: c, message: 'm' }).retryable).toBe(retryable);
  });
});

describe('PaykitError', () => {
  it('carries every field it is given', () => {
    const error = new PaykitError({
      code: 'provider_error',
      message: 'acme refused the cancel: NOPE',
      connector: 'acme',
      providerCode: 'E42',
      providerMessage: 'NOPE',
      httpStatus: 422,
      requestId: 'req-1',
      issues: ['a: b'],
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(PaykitError);
    expect(error.name).toBe('PaykitError');
    expect(error.message).toBe('acme refused the cancel: NOPE');
    expect(error.code).toBe('provider_error');
    expect(error.connector).toBe('acme');
    expect(error.providerCode).toBe('E42');
    expect(error.providerMessage).toBe('NOPE');
    expect(error.httpStatus).toBe(422);
    expect(error.requestId).toBe('req-1');
    expect(error.retryable).toBe(false);
    expect(error.issues).toEqual(['a: b']);
    expect(String(error)).toBe('PaykitError: acme refused the cancel: NOPE');
    expect(error.stack).toContain('PaykitError: acme refused the cancel: NOPE');
  });

  it('leaves absent optional fields undefined', () => {
    const error = new PaykitError({ code: 'timeout', message: 'slow' });
    for (const key of [
      'connector',
      'providerCode',
      'providerMessage',
      'httpStatus',
      'requestId',
      'issues',
      'retryAfterMs',
    ]) {
      expect(error[key as keyof PaykitError], key).toBeUndefined();
    }
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'PaykitError',
      code: 'timeout',
      message: 'slow',
      retryable: true,
    });
  });

  it('carries retryAfterMs, the wait the provider asked for, into JSON and inspect', () => {
    const error = new PaykitError({
      code: 'rate_limited',
      message: 'slow down',
      httpStatus: 429,
      retryAfterMs: 120_000,
    });
    expect(error.retryAfterMs).toBe(120_000);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'PaykitError',
      code: 'rate_limited',
      message: 'slow down',
      httpStatus: 429,
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect(inspect(error)).toContain('retryAfterMs: 120000');
    // 0 is a wait too ("ask again now"), kept as such.
    expect(
      new PaykitError({ code: 'rate_limited', message: 'm', retryAfterMs: 0 }).toJSON(),
    ).toMatchObject({
      retryAfterMs: 0,
    });
  });

  it('lets retryable override the default both ways', () => {
    expect(
      new PaykitError({ code: 'network_error', message: 'm', retryable: false }).retryable,
    ).toBe(false);
    expect(
      new PaykitError({ code: 'provider_error', message: 'm', retryable: true }).retryable,
    ).toBe(true);
  });

  it('serialises to JSON with its fields and without cause or stack', () => {
    const error = new PaykitError({
      code: 'timeout',
      message: 'slow',
      connector: 'acme',
      httpStatus: 504,
    });
    // Even a cause attached from outside must not be serialised: it may hold a request with credentials.
    Object.assign(error, { cause: new Error('Authorization: Bearer sk_live_secret') });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toEqual({
      name: 'PaykitError',
      code: 'timeout',
      message: 'slow',
      connector: 'acme',
      httpStatus: 504,
      retryable: true,
    });
    expect(Object.keys(error.toJSON())).not.toContain('cause');
    expect(Object.keys(error.toJSON())).not.toContain('stack');
    expect(JSON.stringify(error)).not.toContain('sk_live_secret');
  });

  it('has no cause of its own', () => {
    const error = new PaykitError({ code: 'network_error', message: 'm' });
    expect('cause' in error).toBe(false);
    expect(inspect(error)).not.toContain('[cause]');
  });

  it('isInstance recognises PaykitErrors only', () => {
    expect(PaykitError.isInstance(new PaykitError({ code: 'timeout', message: 'm' }))).toBe(true);
    for (const value of [
      new Error('x'),
      { code: 'timeout', message: 'm', name: 'PaykitError' },
      { [Symbol('paykit.error')]: true },
      { [Symbol.for('paykit.error')]: 'true' },
      null,
      undefined,
      'PaykitError',
      42,
    ]) {
      expect(PaykitError.isInstance(value)).toBe(false);
    }
  });
});

describe('PaykitError across two copies of core', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const core = resolve(here, '..');
  let dir: string;
  let other: typeof import('../src/index.js');

  beforeAll(async () => {
    // A second copy of the built package, as a project gets when two connectors pin two core
    // versions. Its own node_modules resolve ky and valibot.
    dir = await mkdtemp(join(tmpdir(), 'paykit-core-copy-'));
    await cp(join(core, 'dist'), join(dir, 'dist'), { recursive: true });
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'paykit-core-copy', type: 'module' }),
    );
    await symlink(join(core, 'node_modules'), join(dir, 'node_modules'), 'dir');
    other = await import(/* @vite-ignore */ pathToFileURL(join(dir, 'dist', 'index.js')).href);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads a distinct class', () => {
    expect(other.PaykitError).toBeTypeOf('function');
    expect(other.PaykitError).not.toBe(PaykitError);
  });

  it('instanceof fails across copies, isInstance works both ways', () => {
    const fromOther = new other.PaykitError({ code: 'timeout', message: 'from the copy' });
    const fromHere = new PaykitError({ code: 'timeout', message: 'from here' });
    // Why the marker exists: the class identity differs.
    expect(fromOther instanceof PaykitError).toBe(false);
    expect(fromHere instanceof other.PaykitError).toBe(false);
    expect(PaykitError.isInstance(fromOther)).toBe(true);
    expect(other.PaykitError.isInstance(fromHere)).toBe(true);
    expect(other.PaykitError.isInstance(new Error('plain'))).toBe(false);
  });

  it('an error of one copy passes through the other copy unchanged', () => {
    // The registry of one copy calls a connector built on the other: its error must not be re-wrapped.
    const registry = other.createRegistry([
      {
        specificationVersion: 'v1',
        id: 'acme',
        displayName: 'Acme',
        capabilities: ['cancelPayment'],
        cancelPayment: async () => {
          throw new PaykitError({ code: 'not_cancellable', message: 'no', connector: 'acme' });
        },
      },
    ]);
    return registry.cancelPayment('acme', { paymentId: 'p1' }).then(
      () => expect.unreachable(),
      (error: unknown) => {
        expect(other.PaykitError.isInstance(error)).toBe(true);
        expect((error as PaykitError).code).toBe('not_cancellable');
      },
    );
  });
});
