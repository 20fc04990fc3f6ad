/** Signs with an RSA private key (RSASSA-PKCS1-v1_5, SHA-256). */
export interface RsaSigner {
  /** Signs the UTF-8 bytes of `data`; resolves to standard, padded base64. */
  sign(data: string): Promise<string>;
}

/** Verifies RSASSA-PKCS1-v1_5 SHA-256 signatures with an RSA public key. */
export interface RsaVerifier {
  /**
   * Checks a signature over `data`: a string is taken as its UTF-8 bytes, bytes as they are (a
   * response body exactly as it came, which may not be valid UTF-8 or may start with a BOM).
   * False for a wrong, tampered or malformed signature; never throws for those.
   */
  verify(data: string | Uint8Array, signatureBase64: string): Promise<boolean>;
}

/** @internal Forces an engine, for tests and benchmarks; 'auto' prefers Web Crypto. */
export interface RsaEngineOptions {
  engine?: 'auto' | 'forge';
}
