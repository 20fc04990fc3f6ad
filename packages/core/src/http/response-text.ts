// Each attempt's body is read once, inside the attempt (so that the timeout covers a body that
// stalls, and the size limit stops one that does not end), and kept here for whoever looks at
// that Response later: the caller's result, or the message of the HTTPError ky raises for a 5xx.
interface ReadBody {
  text: string;
  bytes: Uint8Array;
}

const bodies = new WeakMap<Response, ReadBody>();

export function rememberBody(response: Response, body: ReadBody): void {
  bodies.set(response, body);
}

/** The body read during the response's attempt; empty for one that was never read. */
export function bodyOf(response: Response): ReadBody {
  return bodies.get(response) ?? EMPTY_BODY;
}

/** The text of a response's body, as read during its attempt. */
export async function textOf(response: Response): Promise<string> {
  return bodyOf(response).text;
}

const EMPTY_BODY: ReadBody = { text: '', bytes: new Uint8Array(0) };
