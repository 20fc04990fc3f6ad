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
  /**
   * A request or response body: JSON and form fields with secret names are hidden too, so a
   * token is hidden in the very answer that issues it, before it is known as a secret.
   */
  redactBody(body: string): string;
  /** A provider's text for an error: redacted first, then cut, so no piece of a secret survives the cut. */
  snippet(text: string, maxLength?: number): string;
  /** A deep copy with secret fields and secret values replaced. */
  redact<T>(value: T): T;
}

/**
 * The shortest value the redactor hides: shorter ones would match by accident inside innocent
 * text. A connector's runtime refuses credentials shorter than this (`configuration_error`), so
 * that no secret setting goes unhidden.
 */
export const MIN_SECRET_LENGTH = 6;

/**
 * The one redaction function of paykit: errors, hooks, logs and the playground all pass what
 * they show through it. It hides known secret values wherever they occur (also inside a PEM
 * body or a URL) and the values of fields with secret names.
 */
export function createRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
  const values = new Set<string>();
  // Every value with its URL-encoded forms, longest first; rebuilt when a secret is added.
  let patterns: string[] | undefined;

  const addSecret = (value: string | undefined) => {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    patterns = undefined;
    values.add(value);
    // A PEM key's body also travels on its own, line by line or joined.
    const body = value.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    if (body !== value && body.length >= MIN_SECRET_LENGTH) values.add(body);
    for (const line of value.split(/\r?\n/)) {
      if (line.length >= 32 && !line.startsWith('-----')) values.add(line.trim());
    }
  };
  for (const secret of secrets) addSecret(secret);

  const patternsOf = (): string[] => {
    if (!patterns) {
      const all = new Set<string>();
      for (const secret of values) {
        all.add(secret);
        all.add(encodeURIComponent(secret));
        // A form body (an OAuth token request) encodes spaces and "~!'()" unlike encodeURIComponent.
        all.add(new URLSearchParams({ s: secret }).toString().slice(2));
      }
      // Longest first, so that a secret that contains another one is hidden whole.
      patterns = [...all].sort((a, b) => b.length - a.length);
    }
    return patterns;
  };

  const redactString = (text: string): string => {
    let out = text;
    for (const pattern of patternsOf()) {
      if (out.includes(pattern)) out = out.split(pattern).join(REDACTED);
    }
    return out;
  };

  const redactValue = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    let out: unknown;
    if (Array.isArray(value)) {
      out = value.map((item) => redactValue(item, seen));
    } else {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        copy[key] =
          isSecretName(key) && item != null && item !== '' ? REDACTED : redactValue(item, seen);
      }
      out = copy;
    }
    // Only the objects on the current path make a cycle; one referenced twice is copied twice.
    seen.delete(value);
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
    snippet: (text, maxLength = 300) => redactString(text).slice(0, maxLength),
    redactBody(body) {
      const trimmed = body.trimStart();
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        try {
          return JSON.stringify(redactValue(JSON.parse(body), new WeakSet()));
        } catch {
          // Not JSON after all (a truncated answer): fall through to the value-based pass.
        }
      } else if (FORM_BODY.test(body)) {
        const pairs = body.split('&').map((pair) => {
          const name = pair.slice(0, pair.indexOf('='));
          return isSecretName(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
        });
        return redactString(pairs.join('&'));
      }
      return redactString(body);
    },
  };
}

/**
 * The string values of the fields with secret names (`access_token`, `refresh_token`, `token`,
 * ...) anywhere in a JSON body; none when it is not JSON. For an answer that issues secrets (a
 * token endpoint's): added to the redactor before anything shows the body, each value is hidden
 * wherever else it occurs, under any other name too.
 */
export function secretFieldValues(body: string): string[] {
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const found: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (typeof value !== 'object' || value === null || depth > 32) return;
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && isSecretName(key)) found.push(item);
      else visit(item, depth + 1);
    }
  };
  visit(parsed, 0);
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

// key=value&key=value with nothing a form encoder would have escaped.
const FORM_BODY = /^[\w.~%+-]+=[^\s&]*(?:&[\w.~%+-]+=[^\s&]*)*$/;
