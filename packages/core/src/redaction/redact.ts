export const REDACTED = '[REDACTED]';

/** Field and header names whose values are secret wherever they appear. */
const SECRET_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|client[-_]?secret|secret[-_]?key|secret|private[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|token|password|passwd)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export interface Redactor {
  /** Adds a value to hide from now on, such as an access token obtained at run time. */
  addSecret(value: string | undefined): void;
  redactString(text: string): string;
  redactHeaders(headers: HeadersInit | undefined): Record<string, string>;
  /** A deep copy with secret fields and secret values replaced. */
  redact<T>(value: T): T;
}

// Shorter values would match by accident inside innocent text and hide nothing worth hiding.
const MIN_SECRET_LENGTH = 6;

/**
 * The one redaction function of paykit: errors, hooks, logs and the playground all pass what
 * they show through it. It hides known secret values wherever they occur (also inside a PEM
 * body or a URL) and the values of fields with secret names.
 */
export function createRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
  const values = new Set<string>();

  const addSecret = (value: string | undefined) => {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    values.add(value);
    // A PEM key's body also travels on its own, line by line or joined.
    const body = value.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    if (body !== value && body.length >= MIN_SECRET_LENGTH) values.add(body);
    for (const line of value.split(/\r?\n/)) {
      if (line.length >= 32 && !line.startsWith('-----')) values.add(line.trim());
    }
  };
  for (const secret of secrets) addSecret(secret);

  const redactString = (text: string): string => {
    let out = text;
    for (const secret of values) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
    }
    return out;
  };

  const redactValue = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretName(key) && item != null && item !== '' ? REDACTED : redactValue(item, seen);
    }
    return out;
  };

  return {
    addSecret,
    redactString,
    redactHeaders(headers) {
      const out: Record<string, string> = {};
      if (!headers) return out;
      new Headers(headers).forEach((value, key) => {
        out[key] = isSecretName(key) ? REDACTED : redactString(value);
      });
      return out;
    },
    redact: <T>(value: T) => redactValue(value, new WeakSet()) as T,
  };
}
