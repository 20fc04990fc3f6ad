import { expect } from 'vitest';

/**
 * The forms a secret could leak in: whole, URL-encoded, and for long keys each 64-character
 * slice (a PEM line of the same base64), so a re-wrapped key is caught too.
 */
function formsOf(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const body = secret.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  if (body.length > 64)
    for (let i = 0; i + 64 <= body.length; i += 64) forms.add(body.slice(i, i + 64));
  return [...forms];
}

/** Fails naming the secret's first characters only, so the report itself leaks nothing useful. */
export function expectNoSecrets(text: string, secrets: readonly string[], where: string): void {
  expect(secrets.length, 'the secrets to look for').toBeGreaterThan(0);
  for (const secret of secrets) {
    for (const form of formsOf(secret)) {
      expect(text.includes(form), `${where} contains a secret (${secret.slice(0, 4)}…)`).toBe(
        false,
      );
    }
  }
}

/** The bearer tokens the Liquido simulator saw: issued at run time, secret as well. */
export function bearerTokens(requests: readonly { headers: Record<string, string> }[]): string[] {
  return requests.flatMap((request) => {
    const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
    return match ? [match[1]!] : [];
  });
}
