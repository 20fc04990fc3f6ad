import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretName, REDACTED } from '../src/connector/index.js';

const API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

describe('redactString', () => {
  it('removes every occurrence of a configured secret', () => {
    const redactor = createRedactor([API_KEY, undefined]);
    const text = `key=${API_KEY}; again ${API_KEY}${API_KEY}.`;
    const out = redactor.redactString(text);
    expect(out).not.toContain(API_KEY);
    expect(out).toBe(`key=${REDACTED}; again ${REDACTED}${REDACTED}.`);
    expect(redactor.redactString('nothing secret here')).toBe('nothing secret here');
  });

  it('removes the URL-encoded forms of a secret (path, query and form bodies)', () => {
    const secret = 'ab+c/d=e~f g!h';
    const redactor = createRedactor([secret]);
    const component = encodeURIComponent(secret);
    const form = new URLSearchParams({ client_secret: secret }).toString();
    expect(component).not.toBe(secret);
    for (const text of [
      `https://x.test/oauth?secret=${component}`,
      `grant_type=client_credentials&${form}`,
      `raw ${secret}`,
    ]) {
      const out = redactor.redactString(text);
      expect(out, text).toContain(REDACTED);
      expect(out).not.toContain(secret);
      expect(out).not.toContain(component);
      expect(out).not.toContain(form.slice('client_secret='.length));
    }
  });

  it("removes a PEM key's body, joined and line by line", () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const redactor = createRedactor([privateKey]);
    const lines = privateKey.trim().split('\n');
    const body = lines.filter((l) => !l.startsWith('-----'));
    const joined = body.join('');
    expect(redactor.redactString(`key: ${privateKey}`)).toBe(`key: ${REDACTED}`);
    expect(redactor.redactString(`bare: ${joined}.`)).toBe(`bare: ${REDACTED}.`);
    for (const line of body.filter((l) => l.length >= 32)) {
      const out = redactor.redactString(`a line: ${line}`);
      expect(out).toBe(`a line: ${REDACTED}`);
    }
    // The same key with CRLF line endings, as it may come from a Windows file.
    const crlf = privateKey.replace(/\n/g, '\r\n');
    const out = redactor.redactString(crlf);
    for (const line of body.filter((l) => l.length >= 32)) expect(out).not.toContain(line);
  });

  it('hides the whole of a longer secret that contains a shorter one, whatever the order', () => {
    const short = 'tok_abcdef';
    const long = 'tok_abcdef_0123456789_long';
    for (const secrets of [
      [short, long],
      [long, short],
    ]) {
      const redactor = createRedactor(secrets);
      const out = redactor.redactString(`a ${long} b ${short} c`);
      expect(out).toBe(`a ${REDACTED} b ${REDACTED} c`);
      expect(out).not.toContain('0123456789');
    }
  });

  it('ignores values shorter than 6 characters (they would match innocent text)', () => {
    const redactor = createRedactor(['abc12', '', 'sandbox-token']);
    expect(redactor.redactString('abc12 abc12345')).toBe('abc12 abc12345');
    expect(redactor.redactString('the sandbox-token')).toBe(`the ${REDACTED}`);
  });

  it('takes secrets added at run time', () => {
    const redactor = createRedactor([API_KEY]);
    const accessToken = 'eyJhbGciOiJIUzI1NiJ9.access.token';
    expect(redactor.redactString(`Bearer ${accessToken}`)).toBe(`Bearer ${accessToken}`);
    redactor.addSecret(accessToken);
    redactor.addSecret(undefined);
    redactor.addSecret('short');
    expect(redactor.redactString(`Bearer ${accessToken}`)).toBe(`Bearer ${REDACTED}`);
    expect(redactor.redactString(API_KEY)).toBe(REDACTED);
    expect(redactor.redactString('short')).toBe('short');
  });

  it('keeps redactors independent', () => {
    const a = createRedactor(['secret-of-a']);
    const b = createRedactor(['secret-of-b']);
    a.addSecret('added-to-a');
    expect(b.redactString('secret-of-a added-to-a')).toBe('secret-of-a added-to-a');
  });
});

describe('redactHeaders', () => {
  it('hides secret headers by name, case-insensitively, and secret values anywhere', () => {
    const redactor = createRedactor([API_KEY]);
    const out = redactor.redactHeaders({
      Authorization: 'Bearer not-a-configured-secret',
      'X-API-KEY': 'whatever-it-is',
      Cookie: 'session=abc',
      'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
      'X-Echo': `copy ${API_KEY}`,
      'Content-Type': 'application/json',
      'X-Request-Id': 'req-1',
    });
    expect(out).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'proxy-authorization': REDACTED,
      'x-echo': `copy ${REDACTED}`,
      'content-type': 'application/json',
      'x-request-id': 'req-1',
    });
  });

  it('accepts a Headers object, header pairs and undefined', () => {
    const redactor = createRedactor();
    expect(redactor.redactHeaders(new Headers({ AUTHORIZATION: 'x', accept: 'a' }))).toEqual({
      authorization: REDACTED,
      accept: 'a',
    });
    expect(redactor.redactHeaders([['x-api-key', 'k']])).toEqual({ 'x-api-key': REDACTED });
    expect(redactor.redactHeaders(undefined)).toEqual({});
  });
});

describe('redact (deep)', () => {
  it('hides fields with secret names at any depth, in objects and arrays', () => {
    const redactor = createRedactor([API_KEY]);
    const input = {
      apiKey: 'not-configured-but-named',
      clientId: 'client-1',
      nested: {
        client_secret: 'cs-value-1',
        'Private-Key': 'pk',
        list: [{ password: 'pw' }, { token: 't' }],
      },
      headers: { Authorization: 'Bearer x', 'x-api-key': 'k', accept: 'json' },
      note: `contains ${API_KEY}`,
      values: [API_KEY, 1, true, null],
      accessToken: null,
      refresh_token: '',
      count: 3,
    };
    const out = redactor.redact(input);
    expect(out).toEqual({
      apiKey: REDACTED,
      clientId: 'client-1',
      nested: {
        client_secret: REDACTED,
        'Private-Key': REDACTED,
        list: [{ password: REDACTED }, { token: REDACTED }],
      },
      headers: { Authorization: REDACTED, 'x-api-key': REDACTED, accept: 'json' },
      note: `contains ${REDACTED}`,
      values: [REDACTED, 1, true, null],
      accessToken: null,
      refresh_token: '',
      count: 3,
    });
    // A copy: the input is untouched.
    expect(input.apiKey).toBe('not-configured-but-named');
    expect(input.nested.list[0]!.password).toBe('pw');
  });

  it('hides a whole object held under a secret name', () => {
    const out = createRedactor().redact({ secret: { nested: 'value' } });
    expect(out).toEqual({ secret: REDACTED });
  });

  it('survives circular structures', () => {
    const redactor = createRedactor([API_KEY]);
    const a: Record<string, unknown> = { name: 'a', key: API_KEY };
    a.self = a;
    const list: unknown[] = [API_KEY];
    list.push(list);
    const out = redactor.redact({ a, list }) as { a: Record<string, unknown>; list: unknown[] };
    expect(out.a.self).toBe('[Circular]');
    expect(out.a.key).toBe(REDACTED);
    expect(out.list).toEqual([REDACTED, '[Circular]']);
    expect(JSON.stringify(out)).not.toContain(API_KEY);
  });

  it('copies an object referenced twice (not a cycle) both times', () => {
    const shared = { apiKey: 'x-secret-value', id: 'p1' };
    const out = createRedactor().redact({ first: shared, second: shared, both: [shared, shared] });
    const copy = { apiKey: REDACTED, id: 'p1' };
    expect(out).toEqual({ first: copy, second: copy, both: [copy, copy] });
  });

  it('passes primitives through, redacting strings', () => {
    const redactor = createRedactor([API_KEY]);
    expect(redactor.redact(42)).toBe(42);
    expect(redactor.redact(null)).toBe(null);
    expect(redactor.redact(undefined)).toBe(undefined);
    expect(redactor.redact(`k ${API_KEY}`)).toBe(`k ${REDACTED}`);
  });
});

describe('isSecretName', () => {
  it.each([
    'authorization',
    'Authorization',
    'proxy-authorization',
    'cookie',
    'set-cookie',
    'x-api-key',
    'X-Api-Key',
    'apiKey',
    'api_key',
    'api-key',
    'clientSecret',
    'client_secret',
    'secretKey',
    'secret_key',
    'secret',
    'privateKey',
    'private_key',
    'accessToken',
    'access_token',
    'refreshToken',
    'id_token',
    'token',
    'password',
    'passwd',
  ])('%s is secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'clientId',
    'appId',
    'sign',
    'signature',
    'content-type',
    'tokenType',
    'token_type',
    'publicKey',
    'x-request-id',
  ])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});
