/** Web Crypto's SubtleCrypto, or undefined where it is missing (old runtimes, insecure browser contexts). */
export function getSubtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}
