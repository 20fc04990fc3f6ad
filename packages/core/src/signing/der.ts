// Just enough ASN.1 DER to recognise RSA key containers and wrap PKCS#1 keys, so the common
// paths need no ASN.1 library.

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
} as const;

/** One TLV: `start`..`end` is the content, `end` is also where the next TLV begins. */
export interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** Reads the TLV at `offset`, or undefined when the bytes are not well-formed DER. */
export function readTlv(bytes: Uint8Array, offset: number): Tlv | undefined {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) return undefined;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length, which DER forbids; 4 length bytes is far beyond any key.
    if (count === 0 || count > 4) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = bytes[start + i];
      if (byte === undefined) return undefined;
      length = length * 256 + byte;
    }
    start += count;
  }
  const end = start + length;
  return end <= bytes.length ? { tag, start, end } : undefined;
}

/** The TLVs inside a constructed TLV; undefined unless they exactly fill its content. */
export function readChildren(bytes: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const children: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const child = readTlv(bytes, offset);
    if (!child || child.end > parent.end) return undefined;
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** Reads `bytes` as exactly one TLV with the given tag (no trailing bytes). */
export function readWhole(bytes: Uint8Array, tag: number): Tlv | undefined {
  const tlv = readTlv(bytes, 0);
  return tlv && tlv.tag === tag && tlv.end === bytes.length ? tlv : undefined;
}

function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256);
  return [0x80 | out.length, ...out];
}

/** Encodes one TLV. */
export function encodeTlv(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const contentLength = parts.reduce((sum, part) => sum + part.length, 0);
  const header = [tag, ...encodeLength(contentLength)];
  const out = new Uint8Array(header.length + contentLength);
  out.set(header, 0);
  let offset = header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
