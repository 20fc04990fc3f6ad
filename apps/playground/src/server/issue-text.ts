/**
 * Valibot's default messages ("Invalid key: Expected never but received "methd"") describe the
 * validator, not the mistake. These rewrite the few shapes it produces into sentences a person
 * wrote; a message a schema already words by hand passes through unchanged.
 */

const DEFAULT_MESSAGE = /^Invalid (\w+): Expected (.+) but received (.+)$/;

/** `("x" | "y")` → `"x" or "y"`. */
function alternatives(expected: string): string {
  const parts = expected.replace(/^\((.*)\)$/, '$1').split(' | ');
  return parts.length < 2 ? expected : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

/**
 * One issue, `path: message` or `message`, in words. `noun` names what a path's last part is:
 * "option" inside a connector's options, "field" in a request body.
 */
export function humanizeIssue(text: string, noun: 'field' | 'option' = 'field'): string {
  const split = /^([\w.$[\]-]+): (.*)$/s.exec(text);
  const path = split ? split[1]! : '';
  const message = split ? split[2]! : text;
  const match = DEFAULT_MESSAGE.exec(message);
  if (!match) return text;
  const [, kind, expected, received] = match as unknown as [string, string, string, string];
  const name = path.split('.').at(-1) ?? path;
  if (kind === 'key' && expected === 'never') return `Unknown ${noun} ${received}`;
  if (kind === 'key' && received === 'undefined')
    return `${name || expected.replaceAll('"', '')} is missing`;
  const subject = path || 'the value';
  if (kind === 'type') return `${subject} must be ${alternatives(expected)}, not ${received}`;
  return `${subject} must be ${expected} (${kind}), not ${received}`;
}

/** Rewrites a list of issues and the message that joins them, so that each reads the same. */
export function humanizeIssues(
  message: string,
  issues: readonly string[],
  noun: 'field' | 'option' = 'field',
): { message: string; issues: string[] } {
  const better = issues.map((issue) => humanizeIssue(issue, noun));
  const joined = issues.join('; ');
  const rewritten =
    joined && message.endsWith(joined)
      ? `${message.slice(0, message.length - joined.length)}${better.join('; ')}`
      : message;
  return { message: rewritten, issues: better };
}
