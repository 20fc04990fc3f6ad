import fc from 'fast-check';

/** Strings that have broken path joins, parsers, logs and terminals somewhere. */
export const TRICKS: readonly string[] = [
  '',
  ' ',
  '.',
  '..',
  '../',
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e',
  '%2e%2e%2f',
  '..%2f',
  '%252e%252e',
  '%2F',
  '%00',
  'a/b',
  'a?b=1',
  'a#frag',
  'a;b',
  'a&b=c',
  '//evil.example/x',
  'http://evil.example/',
  '\u0000',
  '\r\n',
  'a\r\nx-injected: 1',
  '\t',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u202e',
  '\u2060',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  'ｐａｙ',
  'e\u0301',
  '💳',
  '👩‍👩‍👧‍👦',
  'Ω≈ç√∫',
  '٠١٢',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "' OR 1=1 --",
  '"}',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style probe, on purpose
  '${jndi:ldap://x}',
  '{{7*7}}',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
];

/** A string of any kind: unicode of every plane, tricks, tricks inside ordinary text, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKS) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...TRICKS), fc.string({ maxLength: 8 }))
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 65, max: 1_000_000 }), fc.constantFrom('a', '9', '/', 'é', '\u200b'))
      .map(([n, c]) => c.repeat(n)),
  },
);

/** Objects with keys that reach for the prototype, made the way JSON.parse makes them (own keys). */
export const protoObject: fc.Arbitrary<unknown> = fc
  .constantFrom(
    '{"__proto__":{"polluted":true,"paymentId":"x"}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"prototype":{"polluted":true}}',
    '{"__proto__":null}',
    '{"paymentId":"x","__proto__":{"requestId":"y"}}',
    '{"toString":1,"valueOf":2}',
  )
  .map((text) => JSON.parse(text));

/** Anything that is not a string. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.bigInt(),
  fc.boolean(),
  fc.constantFrom(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MAX_VALUE,
  ),
  fc.constantFrom(Symbol('paymentId'), Symbol.iterator),
  fc.date(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant(Object.create(null)),
  fc.constant(new Map([['paymentId', 'x']])),
  fc.constant(() => 'x'),
  fc.constant(new String('abc')),
  protoObject,
  fc.anything({ maxDepth: 2 }),
);

/** Garbage where a value is expected: a hostile string or a wrong type. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(hostileString, wrongType);

/** An id every provider takes: letters, digits, "-" and "_", at most 64. */
export const plainId: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
/** A request id every provider takes: letters and digits, 24 to 64. */
export const plainRequestId: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9]{24,64}$/);

/** providerOptions: wrong types, other connectors' keys, prototype keys, garbage values. */
export function providerOptions(
  connector: string,
  knownOptions: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<unknown> {
  const ownOptions = fc.oneof(
    garbage,
    fc.record(
      Object.fromEntries(
        Object.entries(knownOptions).map(([key, valid]) => [key, fc.oneof(valid, garbage)]),
      ),
      { requiredKeys: [] },
    ),
    fc.dictionary(hostileString, fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
    protoObject,
  );
  const validOptions = fc.record(knownOptions, { requiredKeys: [] });
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ [connector]: validOptions }) },
    wrongType,
    fc.record({ [connector]: ownOptions }),
    fc.dictionary(fc.oneof(hostileString, fc.constant(connector)), ownOptions, { maxKeys: 3 }),
    protoObject,
  );
}

/** What a connector reads as `input.paymentId` (a whole-input garbage object may carry one). */
export function paymentIdOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null
    ? (input as { paymentId?: unknown }).paymentId
    : undefined;
}

export interface HostileInput {
  /** What cancelPayment is called with. */
  input: unknown;
  /** The paymentId it carries (seeded at the simulator when it is a string). */
  paymentId: unknown;
}

/** The input of cancelPayment: whole-input garbage, or an object with garbage in its fields. */
export function cancelInput(
  validId: fc.Arbitrary<string>,
  options: fc.Arbitrary<unknown>,
): fc.Arbitrary<HostileInput> {
  const fields = fc.record(
    {
      paymentId: fc.oneof(validId, garbage),
      requestId: fc.oneof(
        { weight: 2, arbitrary: plainRequestId },
        { weight: 1, arbitrary: garbage },
      ),
      providerOptions: options,
      signal: fc.oneof(
        { weight: 2, arbitrary: fc.constant(new AbortController().signal) },
        { weight: 1, arbitrary: wrongType },
      ),
      extra: fc.oneof(protoObject, fc.anything({ maxDepth: 1 })),
    },
    { requiredKeys: ['paymentId'] },
  );
  return fc.oneof(
    { weight: 1, arbitrary: wrongType.map((input) => ({ input, paymentId: paymentIdOf(input) })) },
    {
      weight: 9,
      arbitrary: fields.map(({ extra, ...rest }) => {
        // Extra keys, prototype keys among them, copied as own properties.
        const input: Record<string, unknown> = { ...rest };
        if (extra && typeof extra === 'object') {
          for (const key of Object.keys(extra)) {
            if (key in rest) continue;
            Object.defineProperty(input, key, {
              value: (extra as Record<string, unknown>)[key],
              enumerable: true,
              configurable: true,
              writable: true,
            });
          }
        }
        return { input, paymentId: paymentIdOf(input) };
      }),
    },
  );
}
