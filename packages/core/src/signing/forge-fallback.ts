import type * as Forge from 'node-forge';
import { PaykitError } from '../errors/index.js';
import { base64ToBytes, utf8Bytes } from './encoding.js';
import { keyError } from './rsa-keys.js';
import type { RsaSigner, RsaVerifier } from './types.js';

// Pure-JS fallback for runtimes without Web Crypto. node-forge is an optional peer dependency, loaded
// only on this path; its RSA is synchronous and ~80x slower, so it is never used when Web Crypto exists.

type ForgeModule = typeof Forge;

let loading: Promise<ForgeModule> | undefined;

/** Loads node-forge once; a failed load is not cached, so installing it later works. */
export function loadForge(): Promise<ForgeModule> {
  loading ??= import('node-forge').then(
    // node-forge is CommonJS: depending on the loader its API is the namespace or its default.
    (mod) => (mod as { default?: ForgeModule }).default ?? (mod as ForgeModule),
    () => {
      loading = undefined;
      throw new PaykitError({
        code: 'configuration_error',
        message:
          'Signing without Web Crypto (globalThis.crypto.subtle) needs the optional peer dependency ' +
          'node-forge, which is not installed: install node-forge.',
      });
    },
  );
  return loading;
}

// Bytes as forge's binary strings; UTF-8 is done by TextEncoder so both engines sign the same bytes.
function raw(forge: ForgeModule, bytes: Uint8Array): string {
  return forge.util.binary.raw.encode(bytes);
}

function sha256(forge: ForgeModule, data: string | Uint8Array): Forge.md.MessageDigest {
  const bytes = typeof data === 'string' ? utf8Bytes(data) : data;
  return forge.md.sha256.create().update(raw(forge, bytes));
}

export function forgeRsaSigner(pkcs8: Uint8Array): RsaSigner {
  let key: Promise<Forge.pki.rsa.PrivateKey> | undefined;
  const getKey = () =>
    (key ??= loadForge().then((forge) => {
      try {
        return forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(raw(forge, pkcs8)));
      } catch {
        throw keyError('private', 'node-forge could not import it');
      }
    }));
  return {
    async sign(data) {
      const privateKey = await getKey();
      const forge = await loadForge();
      return forge.util.encode64(privateKey.sign(sha256(forge, data)));
    },
  };
}

export function forgeRsaVerifier(spki: Uint8Array): RsaVerifier {
  let key: Promise<Forge.pki.rsa.PublicKey> | undefined;
  const getKey = () =>
    (key ??= loadForge().then((forge) => {
      try {
        return forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(raw(forge, spki)));
      } catch {
        throw keyError('public', 'node-forge could not import it');
      }
    }));
  return {
    async verify(data, signatureBase64) {
      const publicKey = await getKey();
      const forge = await loadForge();
      try {
        const signature = raw(forge, base64ToBytes(signatureBase64));
        return publicKey.verify(sha256(forge, data).digest().bytes(), signature);
      } catch {
        return false;
      }
    },
  };
}
