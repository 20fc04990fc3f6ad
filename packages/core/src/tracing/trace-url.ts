import type { Redactor } from '../redaction/index.js';

/**
 * A URL as a span may show it: scheme, host and path only (a query string or fragment may carry
 * a token, userinfo a password), and then redacted like every other thing paykit shows.
 */
export function traceableUrl(url: string, redactor: Redactor): { full: string; host: string } {
  try {
    const parsed = new URL(url);
    return {
      full: redactor.redactString(`${parsed.protocol}//${parsed.host}${parsed.pathname}`),
      host: redactor.redactString(parsed.hostname),
    };
  } catch {
    return { full: '[unparseable]', host: '[unparseable]' };
  }
}
