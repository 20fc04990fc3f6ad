/** Signs with an RSA private key (RSASSA-PKCS1-v1_5, SHA-256). */
export interface RsaSigner {
  /** Signs the UTF-8 bytes of `data`; resolves to standard, padded base64. */
  sign(data: string): Promise<string>;
}

/** Verifies RSASSA-PKCS1-v1_5 SHA-256 signatures with an RSA public key. */
export interface RsaVerifier {
  /** False for a wrong, tampered or malformed signature; never throws for those. */
  verify(data: string, signatureBase64: string): Promise<boolean>;
}

/** @internal Forces an engine, for tests and benchmarks; 'auto' prefers Web Crypto. */
export interface RsaEngineOptions {
  engine?: 'auto' | 'forge';
}
