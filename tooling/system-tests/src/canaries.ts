import { createPrivateKey } from 'node:crypto';
import { format, inspect } from 'node:util';
import {
  generatePayerMaxTestKeys,
  type PayerMaxTestKeys,
} from '@paykit/connector-payermax/testing';

/**
 * Secret settings with values that cannot occur by chance, so that a leak anywhere is found by a
 * plain substring search. The characters outside [A-Za-z0-9] make their URL-encoded and
 * form-encoded spellings differ from the raw one; each spelling is searched for.
 */
export const CANARY = {
  yabandpaySecretKey: 'CANARY-ybp-secret~7f3a9c2e51d84b06',
  liquidoClientSecret: "CANARY-lqd-client(secret)!9c 2e7b'41",
  liquidoApiKey: 'CANARY-lqd-api-key~c41f97d2a8',
} as const;

const CANARY_PREFIX = 'CANARY-';

/** Liquido's simulator issues `simtok_` + 48 hex digits: any of them in any output is a leak. */
export const ISSUED_TOKEN = /simtok_[0-9a-f]{48}/;

export type PayerMaxKeyForm = 'der-base64' | 'pem-pkcs8' | 'pem-pkcs1';
export const PAYERMAX_KEY_FORMS: readonly PayerMaxKeyForm[] = [
  'der-base64',
  'pem-pkcs8',
  'pem-pkcs1',
];

let keys: PayerMaxTestKeys | undefined;
/** One key set per process: RSA key generation is slow. */
export function payermaxKeys(): PayerMaxTestKeys {
  keys ??= generatePayerMaxTestKeys();
  return keys;
}

/** The merchant private key in each form the privateKey setting accepts. */
export function payermaxPrivateKey(form: PayerMaxKeyForm): string {
  const der = payermaxKeys().merchantPrivateKey;
  if (form === 'der-base64') return der;
  const key = createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' });
  return key.export({ format: 'pem', type: form === 'pem-pkcs8' ? 'pkcs8' : 'pkcs1' }).toString();
}

const WINDOW = 32;
const STRIDE = 16;

/** Overlapping 32-character windows of a key's base64 text: any leak of 48+ characters hits one. */
function keyWindows(pemOrBase64: string): string[] {
  const lines = pemOrBase64
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('-----'))
    .map((line) => line.trim());
  const out = new Set<string>();
  for (const text of [...lines, lines.join('')]) {
    for (let at = 0; at + WINDOW <= text.length; at += STRIDE) out.add(text.slice(at, at + WINDOW));
  }
  return [...out];
}

function spellings(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ s: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ];
}

/**
 * The throwaway secrets of connectors without canaries (a connector the generator added): found
 * like the canaries, in each spelling, and by pieces where they are long (keys).
 */
const watched: { label: string; text: string }[] = [];
const watchedValues = new Set<string>();

/** Adds secrets to the scan: every view of every value the suites look at is searched for them. */
export function watchSecrets(values: readonly string[], label = 'a connector secret'): void {
  for (const value of values) {
    if (value.length < 8 || watchedValues.has(value)) continue;
    watchedValues.add(value);
    const texts = value.length > 64 ? keyWindows(value) : spellings(value);
    for (const text of new Set(texts)) watched.push({ label, text });
  }
}

let needles: { label: string; text: string }[] | undefined;
function allNeedles() {
  if (!needles) {
    needles = [];
    for (const [label, value] of Object.entries(CANARY)) {
      for (const text of new Set(spellings(value))) needles.push({ label, text });
    }
    for (const form of PAYERMAX_KEY_FORMS) {
      for (const text of keyWindows(payermaxPrivateKey(form))) {
        needles.push({ label: `payermax privateKey (${form})`, text });
      }
    }
  }
  return needles;
}

/** The name of the first secret found in `text`, or undefined. */
export function findCanary(text: string): string | undefined {
  if (ISSUED_TOKEN.test(text)) return 'Liquido access token';
  // Every canary starts so: any piece of one that survived a cut is a leak too.
  if (text.includes(CANARY_PREFIX)) {
    const whole = Object.entries(CANARY).find(([, value]) => text.includes(value));
    return whole ? whole[0] : 'a piece of a canary secret';
  }
  for (const { label, text: needle } of allNeedles()) if (text.includes(needle)) return label;
  for (const { label, text: needle } of watched) if (text.includes(needle)) return label;
  return undefined;
}

/** Every way a caller, a logger or a crash report could look at a value. */
export function viewsOf(value: unknown): string[] {
  const views = [inspect(value, { depth: 12, showHidden: true }), format('%s', value)];
  try {
    views.push(JSON.stringify(value) ?? '');
  } catch {
    // A circular value: inspect shows it already.
  }
  if (value instanceof Error) views.push(String(value.message), String(value.stack));
  return views;
}
