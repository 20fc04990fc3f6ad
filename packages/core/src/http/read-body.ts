const EMPTY = new Uint8Array(0);
const decoder = new TextDecoder();

/** A body decoded as UTF-8, as `Response.text()` does it (a leading BOM dropped, bad bytes replaced). */
export function decodeText(bytes: Uint8Array): string {
  return bytes.byteLength === 0 ? '' : decoder.decode(bytes);
}

/**
 * Reads a body whole, counting its bytes as they stream: the decoded bytes, since fetch undoes
 * gzip, deflate and br before they reach the stream. Past `maxBytes` it stops at once, cancels
 * the stream (which ends the connection and the decoding) and resolves undefined: a body that
 * inflates to a gigabyte costs no more memory than the limit.
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  // Refused unread when the size is declared for the bytes themselves (no content coding).
  const declared = response.headers.get('content-length');
  const coding = response.headers.get('content-encoding');
  if (declared && (!coding || coding === 'identity') && Number(declared) > maxBytes) {
    cancel(response.body);
    return undefined;
  }
  const body = response.body;
  if (!body) return EMPTY;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  if (chunks.length === 0) return EMPTY;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Drops a body that will not be read, so that its connection is not held open. */
export function cancel(body: ReadableStream | null): void {
  if (body && !body.locked) body.cancel().catch(() => undefined);
}
