import { describe, expect, it } from 'vitest';
import { createRedactor, parseJsonOrUndefined, REDACTED } from '../src/connector/index.js';

describe('redactor.snippet', () => {
  it('redacts before it cuts, so no piece of a secret survives the cut', () => {
    const secret = 'sk_live_0123456789abcdef';
    const text = `${'x'.repeat(290)}${secret}`;
    const snippet = createRedactor([secret]).snippet(text);
    expect(snippet).toHaveLength(300);
    expect(snippet.endsWith(REDACTED.slice(0, 10))).toBe(true);
    expect(snippet).not.toContain('sk_live_01');
  });

  it('keeps short text whole and honours a given length', () => {
    const redactor = createRedactor([]);
    expect(redactor.snippet('Required field is missing')).toBe('Required field is missing');
    expect(redactor.snippet('abcdef', 3)).toBe('abc');
  });
});

describe('parseJsonOrUndefined', () => {
  it('parses JSON and gives undefined for anything else', () => {
    expect(parseJsonOrUndefined('{"code":"-3001"}')).toEqual({ code: '-3001' });
    expect(parseJsonOrUndefined('<html>502</html>')).toBeUndefined();
    expect(parseJsonOrUndefined('')).toBeUndefined();
  });
});
