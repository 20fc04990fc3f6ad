// Signing benchmark: paykit (Web Crypto) against node:crypto on the same key and data.
// Run after a build: `pnpm build && node bench/signing.bench.mjs`. Prints one table and exits 0;
// the PASS/MISS column is a report against targets, not a gate.
import { generateKeyPairSync, sign as nativeSign, verify as nativeVerify } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createRsaSigner, createRsaVerifier } from '../dist/index.js';

const require = createRequire(import.meta.url);
const forge = require('node-forge');

const SIGN_ROUNDS = 6;
const SIGN_PER_ROUND = 40;
const VERIFY_ROUNDS = 6;
const VERIFY_PER_ROUND = 400;
const CONCURRENCY = 16;
const CONCURRENT_TOTAL = 480;
const FORGE_SIGNS = 8;
const STALL_SIGNS = 200;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8Pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
const spkiPem = publicKey.export({ format: 'pem', type: 'spki' });
const body = JSON.stringify({
  merchantNo: 'M0123456789',
  outTradeNo: 'ORDER-2024-0000001234',
  totalAmount: '1250.00',
  currency: 'BRL',
  country: 'BR',
  subject: 'Assinatura mensal — São Paulo ✓',
  notifyUrl: 'https://merchant.example.com/webhooks/notify',
  timestamp: '2024-05-01T12:34:56.789Z',
  nonce: 'a7z1lox4l6z6mdx1udgn5gte',
});
const bodyBytes = Buffer.from(body, 'utf8');

const signer = createRsaSigner(pkcs8Pem);
const verifier = createRsaVerifier(spkiPem);
const nativeSignature = nativeSign('sha256', bodyBytes, privateKey).toString('base64');
const nativeSignatureBytes = Buffer.from(nativeSignature, 'base64');

// Raw Web Crypto on pre-imported keys: the floor for paykit, which adds only encoding around it.
const subtle = globalThis.crypto.subtle;
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const rawPrivate = await subtle.importKey(
  'pkcs8',
  privateKey.export({ format: 'der', type: 'pkcs8' }),
  ALGORITHM,
  false,
  ['sign'],
);
const rawPublic = await subtle.importKey(
  'spki',
  publicKey.export({ format: 'der', type: 'spki' }),
  ALGORITHM,
  false,
  ['verify'],
);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median over rounds of each contender's mean ms/op; the order rotates each round to cancel drift. */
async function compare(rounds, perRound, ...fns) {
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (k + r) % fns.length;
      const start = performance.now();
      for (let i = 0; i < perRound; i++) await fns[j]();
      times[j].push((performance.now() - start) / perRound);
    }
  }
  return times.map(median);
}

// Warm-up: key import, JIT, thread pool.
for (let i = 0; i < 20; i++) {
  await signer.sign(body);
  nativeSign('sha256', bodyBytes, privateKey);
}
for (let i = 0; i < 200; i++) {
  await verifier.verify(body, nativeSignature);
  nativeVerify('sha256', bodyBytes, publicKey, nativeSignatureBytes);
}
if (!(await verifier.verify(body, await signer.sign(body)))) throw new Error('round trip failed');

const [signMs, nativeSignMs, rawSignMs] = await compare(
  SIGN_ROUNDS,
  SIGN_PER_ROUND,
  () => signer.sign(body),
  () => nativeSign('sha256', bodyBytes, privateKey).toString('base64'),
  () => subtle.sign(ALGORITHM.name, rawPrivate, bodyBytes),
);
const [verifyMs, nativeVerifyMs, rawVerifyMs] = await compare(
  VERIFY_ROUNDS,
  VERIFY_PER_ROUND,
  () => verifier.verify(body, nativeSignature),
  () => nativeVerify('sha256', bodyBytes, publicKey, nativeSignatureBytes),
  () => subtle.verify(ALGORITHM.name, rawPublic, nativeSignatureBytes, bodyBytes),
);

// Throughput with CONCURRENCY signatures in flight, against native sequential throughput.
let next = 0;
const concurrentStart = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < CONCURRENT_TOTAL) await signer.sign(body);
  }),
);
const concurrentOps = CONCURRENT_TOTAL / ((performance.now() - concurrentStart) / 1000);
const nativeOps = 1000 / nativeSignMs;

// node-forge pure-JS reference: key parsed once, then sha256 + RSASSA-PKCS1-v1_5 per signature.
const forgeKey = forge.pki.privateKeyFromPem(pkcs8Pem);
const forgeStart = performance.now();
for (let i = 0; i < FORGE_SIGNS; i++) {
  const md = forge.md.sha256.create();
  md.update(body, 'utf8');
  forge.util.encode64(forgeKey.sign(md));
}
const forgeMs = (performance.now() - forgeStart) / FORGE_SIGNS;

// Longest event-loop stall while STALL_SIGNS signatures (fresh signer, key import included) run.
const histogram = monitorEventLoopDelay({ resolution: 1 });
let maxGap = 0;
let last = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last);
  last = now;
}, 1);
histogram.enable();
await new Promise((resolve) => setTimeout(resolve, 20));
const stallSigner = createRsaSigner(pkcs8Pem);
const stallStart = performance.now();
await Promise.all(Array.from({ length: STALL_SIGNS }, (_, i) => stallSigner.sign(`${body}${i}`)));
const stallBatchMs = performance.now() - stallStart;
await new Promise((resolve) => setTimeout(resolve, 20));
histogram.disable();
clearInterval(ticker);
const stallMs = Math.max(maxGap, histogram.max / 1e6);

const f = (n, digits = 3) => n.toFixed(digits);
const x = (n) => `${n.toFixed(2)}x`;
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const rows = [
  ['metric', 'paykit', 'reference', 'ratio', 'target', 'result'],
  [
    'sign latency, sequential (ms/op)',
    f(signMs),
    `${f(nativeSignMs)} native`,
    x(signMs / nativeSignMs),
    '<= 1.30x',
    verdict(signMs / nativeSignMs <= 1.3),
  ],
  [
    'verify latency, sequential (ms/op)',
    f(verifyMs),
    `${f(nativeVerifyMs)} native`,
    x(verifyMs / nativeVerifyMs),
    '<= 1.30x',
    verdict(verifyMs / nativeVerifyMs <= 1.3),
  ],
  [
    '  paykit vs raw crypto.subtle.sign',
    f(signMs),
    `${f(rawSignMs)} raw`,
    x(signMs / rawSignMs),
    '',
    'info',
  ],
  [
    '  paykit vs raw crypto.subtle.verify',
    f(verifyMs),
    `${f(rawVerifyMs)} raw`,
    x(verifyMs / rawVerifyMs),
    '',
    'info',
  ],
  [
    `sign throughput, ${CONCURRENCY} in flight (ops/s)`,
    f(concurrentOps, 0),
    `${f(nativeOps, 0)} native seq`,
    x(concurrentOps / nativeOps),
    '> 1.00x',
    verdict(concurrentOps > nativeOps),
  ],
  [
    'node-forge pure-JS sign (ms/op)',
    f(forgeMs, 2),
    `${f(nativeSignMs)} native`,
    x(forgeMs / nativeSignMs),
    '~80x (ref)',
    'info',
  ],
  [
    `max event-loop stall, ${STALL_SIGNS} concurrent signs (ms)`,
    f(stallMs, 1),
    `batch ${f(stallBatchMs, 0)} ms`,
    '',
    '< 20 ms',
    verdict(stallMs < 20),
  ],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
console.log(
  `RSA-2048 PKCS1-v1_5/SHA-256, ${bodyBytes.length}-byte JSON body, node ${process.version}, ` +
    `${cpus().length} CPUs, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
);
for (const [i, row] of rows.entries()) {
  console.log(
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
  );
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
process.exit(0);
