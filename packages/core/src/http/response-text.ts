// Each attempt's body is read once, inside the attempt (so that the timeout covers a body that
// stalls), and kept here for whoever looks at that Response later: the caller's result, or the
// message of the HTTPError ky raises for a 5xx.
const texts = new WeakMap<Response, string>();

export function rememberText(response: Response, text: string): void {
  texts.set(response, text);
}

/** The body of a response: the text read during its attempt, or read now. */
export async function textOf(response: Response): Promise<string> {
  const known = texts.get(response);
  return known ?? response.text();
}
