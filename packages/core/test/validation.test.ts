import { inspect } from 'node:util';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  commonSettingsEntries,
  commonSettingsSchema,
  createConnectorRuntime,
  createRedactor,
  encodePathSegment,
  generateRequestId,
  parseInput,
  parseResponse,
  parseSettings,
  pathSegment,
  REDACTED,
  requestIdSchema,
} from '../src/connector/index.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRY_WAIT_MS,
  PaykitError,
} from '../src/index.js';

function caught(fn: () => unknown): PaykitError {
  try {
    fn();
  } catch (error) {
    expect(PaykitError.isInstance(error), String(error)).toBe(true);
    return error as PaykitError;
  }
  throw new Error('expected a PaykitError, nothing was thrown');
}

const schema = v.object({
  paymentId: v.string(),
  amount: v.number(),
  items: v.array(v.object({ sku: v.string() })),
});

describe('parseInput / parseSettings / parseResponse', () => {
  it('return the parsed output on success', () => {
    const value = { paymentId: 'p1', amount: 5, items: [{ sku: 'a' }] };
    expect(parseInput(schema, value, { what: 'cancel input' })).toEqual(value);
    expect(parseSettings(schema, value, { what: 'settings' })).toEqual(value);
    expect(parseResponse(schema, value, { what: 'answer' })).toEqual(value);
    // Defaults apply.
    expect(parseInput(v.object({ n: v.optional(v.number(), 7) }), {}, { what: 'x' })).toEqual({
      n: 7,
    });
  });

  it.each([
    [parseInput, 'invalid_request'],
    [parseSettings, 'configuration_error'],
    [parseResponse, 'invalid_response'],
  ] as const)('%o raises %s, with every issue joined with its path', (parse, code) => {
    const error = caught(() =>
      parse(
        schema,
        { paymentId: 42, amount: 'x', items: [{ sku: 1 }] },
        {
          what: 'cancel input',
          connector: 'acme',
          requestId: 'req-9',
        },
      ),
    );
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.connector).toBe('acme');
    expect(error.requestId).toBe('req-9');
    expect(error.issues).toEqual([
      'paymentId: Invalid type: Expected string but received 42',
      'amount: Invalid type: Expected number but received "x"',
      'items.0.sku: Invalid type: Expected string but received 1',
    ]);
    expect(error.message).toBe(`Invalid cancel input: ${error.issues!.join('; ')}`);
  });

  it('gives an issue without a path its message alone', () => {
    const error = caught(() => parseInput(schema, undefined, { what: 'cancel input' }));
    expect(error.issues).toEqual(['Invalid type: Expected Object but received undefined']);
    expect(error.message).toBe(
      'Invalid cancel input: Invalid type: Expected Object but received undefined',
    );
    expect(error.connector).toBeUndefined();
    expect(error.requestId).toBeUndefined();
  });

  it('keeps custom messages', () => {
    const error = caught(() =>
      parseSettings(
        v.object({ env: v.picklist(['a', 'b'], 'must be "a" or "b"') }),
        { env: 'c' },
        { what: 'acme settings' },
      ),
    );
    expect(error.message).toBe('Invalid acme settings: env: must be "a" or "b"');
  });

  it('redacts secrets that valibot quotes back from the message and issues', () => {
    const secret = 'not_sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const settings = v.object({
      apiKey: v.pipe(v.string(), v.regex(/^sk_/)),
      clientSecret: v.picklist(['x']),
    });
    const value = { apiKey: secret, clientSecret: `${secret}-2` };
    // Without the secret named, valibot would echo it: the test below is meaningful.
    expect(caught(() => parseSettings(settings, value, { what: 'settings' })).message).toContain(
      secret,
    );

    const error = caught(() =>
      parseSettings(settings, value, {
        what: 'settings',
        secrets: [secret, `${secret}-2`, undefined],
      }),
    );
    expect(error.code).toBe('configuration_error');
    expect(error.issues).toHaveLength(2);
    expect(error.message).toContain('apiKey: Invalid format');
    expect(error.message).toContain(REDACTED);
    for (const view of [
      error.message,
      error.stack,
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      ...error.issues!,
    ]) {
      expect(view).not.toContain(secret);
      expect(view).not.toContain('4eC39HqLyjWDarjtT1zdp7dc');
    }
  });
});

describe('parseResponse with the connector redactor', () => {
  const API_KEY = 'lqd-api-key-0123456789';
  const TOKEN = 'live-access-token-abcdefghijklmnop';
  const answer = v.looseObject({
    transferStatusCode: v.optional(v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/))])),
    expires_in: v.optional(v.number()),
  });
  const views = (error: PaykitError) => [
    error.message,
    String(error.stack),
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 8, showHidden: true }),
    ...(error.issues ?? []),
  ];

  it('redacts every secret of the redactor, the live token included, from message and issues', () => {
    const redactor = createRedactor([API_KEY]);
    redactor.addSecret(TOKEN);
    const body = { transferStatusCode: `${API_KEY} Bearer ${TOKEN}`, expires_in: API_KEY };
    const error = caught(() =>
      parseResponse(answer, body, { connector: 'liquido', what: 'Liquido answer', redactor }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.issues).toHaveLength(2);
    for (const view of views(error)) {
      expect(view).not.toContain(API_KEY);
      expect(view).not.toContain(TOKEN);
    }
    expect(error.message).toContain(REDACTED);
  });

  it('takes the redactor and the old secrets list together', () => {
    const redactor = createRedactor([API_KEY]);
    const error = caught(() =>
      parseResponse(
        answer,
        { transferStatusCode: `${API_KEY}/${TOKEN}` },
        { what: 'answer', redactor, secrets: [TOKEN] },
      ),
    );
    for (const view of views(error)) {
      expect(view).not.toContain(API_KEY);
      expect(view).not.toContain(TOKEN);
    }
  });

  it('cuts an issue that quotes a huge value, after redacting it', () => {
    const redactor = createRedactor([API_KEY]);
    const huge = `${'x'.repeat(290)}${API_KEY}${'y'.repeat(1_000_000)}`;
    const error = caught(() =>
      parseResponse(answer, { transferStatusCode: huge }, { what: 'answer', redactor }),
    );
    expect(error.issues![0]!.length).toBeLessThanOrEqual(301);
    expect(error.message.length).toBeLessThan(400);
    for (const view of views(error)) expect(view).not.toContain(API_KEY.slice(0, 6));
  });

  it('is what runtime.parseResponse does, with the runtime redactor and its connector', () => {
    const runtime = createConnectorRuntime({
      connector: 'acme',
      connectorVersion: '1.0.0',
      settings: v.parse(commonSettingsSchema, {}),
      baseUrls: { sandbox: 'https://s.acme.invalid', production: 'https://acme.invalid' },
      secrets: { apiKey: API_KEY },
    });
    runtime.redactor.addSecret(TOKEN);
    expect(runtime.parseResponse(answer, { transferStatusCode: 200 }, { what: 'x' })).toEqual({
      transferStatusCode: 200,
    });
    const error = caught(() =>
      runtime.parseResponse(
        answer,
        { transferStatusCode: `${API_KEY}${TOKEN}` },
        { what: 'acme answer', requestId: 'r1' },
      ),
    );
    expect(error).toMatchObject({ code: 'invalid_response', connector: 'acme', requestId: 'r1' });
    for (const view of views(error)) {
      expect(view).not.toContain(API_KEY);
      expect(view).not.toContain(TOKEN);
    }
  });
});

describe('createConnectorRuntime: secrets shorter than the redactor hides', () => {
  const make = (secrets: Parameters<typeof createConnectorRuntime>[0]['secrets']) => () =>
    createConnectorRuntime({
      connector: 'acme',
      connectorVersion: '1.0.0',
      settings: v.parse(commonSettingsSchema, {}),
      baseUrls: { sandbox: 'https://s.acme.invalid', production: 'https://acme.invalid' },
      secrets,
    });

  it('refuses a named short secret with configuration_error, naming it, never quoting it', () => {
    const error = caught(make({ apiKey: 'abcde', clientSecret: 'long-enough-secret' }));
    expect(error.code).toBe('configuration_error');
    expect(error.connector).toBe('acme');
    expect(error.message).toContain('apiKey must be at least 6 characters');
    expect(error.issues).toEqual([expect.stringMatching(/^apiKey: must be at least 6/)]);
    for (const view of [error.message, JSON.stringify(error), inspect(error)]) {
      expect(view).not.toContain('abcde');
    }
  });

  it('refuses one in a list too, and accepts 6 characters and absent ones', () => {
    expect(caught(make(['k1', undefined])).code).toBe('configuration_error');
    expect(make(['abcdef', undefined])()).toBeDefined();
    expect(make({ apiKey: 'abcdef', secretKey: undefined })().redactor.redactString('abcdef')).toBe(
      REDACTED,
    );
  });
});

describe('pathSegment', () => {
  const segment = pathSegment();
  const ok = (s: unknown) => v.safeParse(segment, s).success;

  it.each([
    'abc-123_X.y',
    'a',
    'A.b.c',
    'x'.repeat(64),
    '123',
    'pay_01HZY',
    'a~b',
    "a'b",
    'a.b',
    'ñandú',
  ])('accepts %j', (s) => {
    expect(ok(s)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(65), 'too long'],
    ['a/b', 'slash'],
    ['/', 'slash'],
    ['a?b', 'query'],
    ['a#b', 'fragment'],
    ['..', 'parent'],
    ['../etc', 'parent'],
    ['a..b', 'parent'],
    ['.', 'current directory'],
    ['a\\b', 'backslash'],
    ['a%2Fb', 'percent'],
    ['%2e%2e', 'percent'],
    ['a b', 'space'],
    ['a\tb', 'tab'],
    ['a\nb', 'newline'],
    ['a\rb', 'carriage return'],
    [' a', 'leading space'],
    ['a ', 'trailing space'],
    ['a\u0000b', 'NUL'],
    ['a\u001bb', 'ESC'],
    ['a\u007fb', 'DEL'],
    ['a\u0085b', 'NEL'],
    ['a\u009bb', 'C1 CSI'],
    ['a\u00a0b', 'no-break space'],
    ['a\u2028b', 'line separator'],
    ['a\u2029b', 'paragraph separator'],
    ['a\u3000b', 'ideographic space'],
    ['a\ufeffb', 'BOM'],
  ])('rejects %j (%s)', (s) => {
    expect(ok(s)).toBe(false);
  });

  it('rejects what is not a string', () => {
    for (const s of [42, null, undefined, {}, ['a']]) expect(ok(s)).toBe(false);
  });

  it('takes another maximum length', () => {
    expect(v.safeParse(pathSegment(8), 'x'.repeat(8)).success).toBe(true);
    expect(v.safeParse(pathSegment(8), 'x'.repeat(9)).success).toBe(false);
    expect(v.safeParse(pathSegment(128), 'x'.repeat(128)).success).toBe(true);
  });

  it('explains the refusal through parseInput', () => {
    const input = v.object({ paymentId: segment });
    expect(
      caught(() => parseInput(input, { paymentId: 'a/b' }, { what: 'cancel input' })).message,
    ).toBe(
      'Invalid cancel input: paymentId: must not contain "/", "?", "#", "\\", "%", whitespace, control or invisible characters',
    );
    expect(
      caught(() => parseInput(input, { paymentId: '..x' }, { what: 'cancel input' })).message,
    ).toBe('Invalid cancel input: paymentId: must not contain ".."');
    expect(
      caught(() => parseInput(input, { paymentId: '.' }, { what: 'cancel input' })).message,
    ).toBe('Invalid cancel input: paymentId: must not be "."');
    // Why "." is refused: the URL parser drops it and the request goes elsewhere.
    expect(new URL(`https://x.test/payments/${encodePathSegment('.')}/cancel`).pathname).toBe(
      '/payments/cancel',
    );
    expect(
      caught(() => parseInput(input, { paymentId: '' }, { what: 'cancel input' })).message,
    ).toBe('Invalid cancel input: paymentId: must not be empty');
    expect(
      caught(() => parseInput(input, { paymentId: 'x'.repeat(65) }, { what: 'cancel input' }))
        .message,
    ).toBe('Invalid cancel input: paymentId: must be at most 64 characters');
  });

  it('keeps every accepted segment a single segment of the URL it goes into', () => {
    for (const s of [
      'abc-123_X.y',
      'a.b',
      'a~b',
      "a'b",
      'ñandú',
      'x*y',
      'a@b',
      'a:b',
      'a;b',
      'a=b',
      'a&b',
    ]) {
      expect(ok(s), s).toBe(true);
      const url = new URL(`https://x.test/payments/${encodePathSegment(s)}/cancel`);
      const parts = url.pathname.split('/');
      expect(parts, s).toHaveLength(4);
      expect(decodeURIComponent(parts[2]!)).toBe(s);
    }
  });
});

describe('encodePathSegment', () => {
  it('percent-encodes what is not safe in a segment', () => {
    expect(encodePathSegment('abc-123_X.y')).toBe('abc-123_X.y');
    expect(encodePathSegment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
    expect(encodePathSegment('a b')).toBe('a%20b');
    expect(encodePathSegment('ñ')).toBe('%C3%B1');
    expect(encodePathSegment('a%b')).toBe('a%25b');
  });
});

describe('requestIdSchema', () => {
  const ok = (s: unknown, max?: number) => v.safeParse(requestIdSchema(max), s).success;

  it('accepts printable ids', () => {
    for (const s of ['abc', 'req-1', 'a.b_c:d-e', 'A'.repeat(64), generateRequestId()])
      expect(ok(s), s).toBe(true);
  });

  it('rejects empty, long, whitespace, slashes and other characters', () => {
    for (const s of ['', 'A'.repeat(65), 'a b', 'a/b', 'a\nb', 'a?b', 'ñ', 'a+b', 42, null]) {
      expect(ok(s), String(s)).toBe(false);
    }
    expect(ok('A'.repeat(65), 128)).toBe(true);
    expect(ok('A'.repeat(9), 8)).toBe(false);
  });
});

describe('commonSettingsEntries', () => {
  const settings = v.object(commonSettingsEntries);

  it('has the documented defaults', () => {
    expect(v.parse(settings, {})).toEqual({
      environment: 'sandbox',
      timeoutMs: 15_000,
      maxRetries: 2,
      maxResponseBytes: 1_048_576,
      maxRetryWaitMs: 10_000,
    });
    expect(v.parse(commonSettingsSchema, {})).toMatchObject({
      environment: 'sandbox',
      timeoutMs: 15_000,
      maxRetries: 2,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
      maxRetryWaitMs: DEFAULT_MAX_RETRY_WAIT_MS,
    });
  });

  it('accepts valid overrides', () => {
    const fetch = async () => new Response('');
    expect(
      v.parse(settings, {
        environment: 'production',
        baseUrl: 'http://127.0.0.1:1234/x',
        fetch,
        timeoutMs: 1,
        maxRetries: 0,
        maxResponseBytes: 1,
        maxRetryWaitMs: 0,
      }),
    ).toEqual({
      environment: 'production',
      baseUrl: 'http://127.0.0.1:1234/x',
      fetch,
      timeoutMs: 1,
      maxRetries: 0,
      maxResponseBytes: 1,
      maxRetryWaitMs: 0,
    });
  });

  it.each([
    { environment: 'prod' },
    { baseUrl: 'not a url' },
    { baseUrl: '/relative' },
    { fetch: 'fetch' },
    { timeoutMs: 0 },
    { timeoutMs: 1.5 },
    { timeoutMs: 600_001 },
    { maxRetries: -1 },
    { maxRetries: 11 },
    { maxRetries: 1.5 },
    { maxResponseBytes: 0 },
    { maxResponseBytes: 1.5 },
    { maxResponseBytes: 256 * 1024 * 1024 + 1 },
    { maxResponseBytes: '1MB' },
    { maxRetryWaitMs: -1 },
    { maxRetryWaitMs: 600_001 },
    { maxRetryWaitMs: 0.5 },
  ])('rejects %o as configuration_error through parseSettings', (value) => {
    expect(caught(() => parseSettings(settings, value, { what: 'settings' })).code).toBe(
      'configuration_error',
    );
  });

  it('checks hooks and retryBaseDelayMs in commonSettingsSchema', () => {
    expect(
      v.safeParse(commonSettingsSchema, { hooks: { onRequest: () => {} }, retryBaseDelayMs: 1 })
        .success,
    ).toBe(true);
    expect(v.safeParse(commonSettingsSchema, { hooks: { onRequest: 'log' } }).success).toBe(false);
    expect(v.safeParse(commonSettingsSchema, { retryBaseDelayMs: -1 }).success).toBe(false);
  });
});

describe('generateRequestId', () => {
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

  it('is 32 letters and digits by default, or the length asked', () => {
    expect(generateRequestId()).toMatch(/^[A-Za-z0-9]{32}$/);
    for (const length of [1, 8, 24, 31, 64, 200]) {
      const id = generateRequestId(length);
      expect(id).toHaveLength(length);
      expect(id).toMatch(/^[A-Za-z0-9]+$/);
    }
    expect(generateRequestId(0)).toBe('');
  });

  it('draws 10 000 unique ids, every one a valid request id', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(generateRequestId());
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(v.is(requestIdSchema(), id)).toBe(true);
  });

  it('uses the 62 characters about evenly', () => {
    const counts = new Map<string, number>();
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      for (const ch of generateRequestId()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...ALPHABET].sort().join(''));
    const expected = (n * 32) / 62; // ~5161, standard deviation ~71
    for (const [ch, count] of counts) {
      expect(Math.abs(count - expected), `${ch}: ${count}`).toBeLessThan(expected * 0.1);
    }
    // The first letters must not be favoured (a modulo bias of 256 % 62 would give them +25%).
    const first = [...'abcdefgh'].reduce((sum, ch) => sum + counts.get(ch)!, 0) / 8;
    const rest = [...'ijklmnopqrstuvwxyz'].reduce((sum, ch) => sum + counts.get(ch)!, 0) / 18;
    expect(first / rest).toBeLessThan(1.05);
    expect(first / rest).toBeGreaterThan(0.95);
  });
});
