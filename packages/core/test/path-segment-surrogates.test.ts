import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { encodePathSegment, pathSegment } from '../src/connector/index.js';

// Found by the system tests' hostile input run: a lone surrogate passed pathSegment() and then
// made encodePathSegment() throw a URIError, which is not a PaykitError.
describe('pathSegment and lone surrogates', () => {
  it.each(['\ud800', '\udfff', 'a\ud83db', 'x\udc00', '\udc00\ud800'])(
    'refuses %j, which encodeURIComponent cannot encode',
    (segment) => {
      expect(() => encodeURIComponent(segment)).toThrow(URIError);
      expect(v.safeParse(pathSegment(), segment).success).toBe(false);
    },
  );

  it.each(['💳', 'pay-💳-1', 'é', '\ud83d\udcb3'])('takes well-formed text %j', (segment) => {
    expect(v.safeParse(pathSegment(), segment).success).toBe(true);
    expect(() => encodePathSegment(segment)).not.toThrow();
  });
});
