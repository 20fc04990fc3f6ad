// Per-call signing cost of the PayerMax connector: build + validate + serialise + sign one cancel
// body (what cancelPayment does before sending), against Node's native crypto.sign of the same
// body with the same key. Run after a build: `npx tsup && node bench/sign.bench.mjs`.
// Prints one table and exits 0; PASS/MISS reports against the target, it is not a gate.
import { createPrivateKey, generateKeyPairSync, sign as nativeSign, verify } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRsaSigner } from '@paykit/core/connector';
import { createPayerMaxRequestSigner } from '../dist/index.js';

const ROUNDS = 7;
const PER_ROUND = 60;
const TARGET = 1.3;

// The dashboard format: bare base64 PKCS#8 DER, as the connector's privateKey setting takes it.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dashboardKey = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
const nativeKey = createPrivateKey({
  key: Buffer.from(dashboardKey, 'base64'),
  format: 'der',
  type: 'pkcs8',
});

// A fixed clock makes every prepared body identical, so both sides sign the same bytes.
const fixedNow = () => Date.UTC(2024, 10, 6, 3, 56, 13);
const requests = createPayerMaxRequestSigner({
  appId: '8f8b0895b60f41abbdb05405052971c8',
  merchantNo: 'P01010114178824',
  signer: createRsaSigner(dashboardKey),
  now: fixedNow,
});
const data = { requestId: 'R2024110600001234567890', outTradeNo: 'ORDER-2024-11-06-000123' };
const sample = await requests.prepare(data);
const body = sample.body;
const bodyBytes = Buffer.from(body, 'utf8');

const ok = verify('sha256', bodyBytes, nativeKey, Buffer.from(sample.headers.sign, 'base64'));
if (!ok || sample.headers.sign !== nativeSign('sha256', bodyBytes, nativeKey).toString('base64')) {
  throw new Error('the connector signature does not match native crypto.sign');
}

// The same envelope work with a signer that does nothing: the connector's own share of the cost.
const unsigned = createPayerMaxRequestSigner({
  appId: '8f8b0895b60f41abbdb05405052971c8',
  merchantNo: 'P01010114178824',
  signer: { sign: async () => 'unsigned' },
  now: fixedNow,
});

const connectorCall = () => requests.prepare(data);
const envelopeCall = () => unsigned.prepare(data);
const nativeCall = () =>
  nativeSign('sha256', Buffer.from(body, 'utf8'), nativeKey).toString('base64');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median over rounds of each contender's mean ms/op; the order alternates to cancel drift. */
async function compare(...fns) {
  const times = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (k + r) % fns.length;
      const start = performance.now();
      for (let i = 0; i < PER_ROUND; i++) await fns[j]();
      times[j].push((performance.now() - start) / PER_ROUND);
    }
  }
  return times.map(median);
}

// Warm-up: key import, JIT, thread pool.
for (let i = 0; i < 30; i++) {
  await connectorCall();
  nativeCall();
}

const [connectorMs, nativeMs, envelopeMs] = await compare(connectorCall, nativeCall, envelopeCall);
const ratio = connectorMs / nativeMs;

const rows = [
  ['per call (RSA-2048, SHA256withRSA)', 'ms/op'],
  ['connector: prepare + sign cancel body', connectorMs.toFixed(3)],
  ['node crypto.sign, same key and body', nativeMs.toFixed(3)],
  ['  of which envelope, checks, JSON (info)', envelopeMs.toFixed(3)],
  ['ratio connector / native', `${ratio.toFixed(2)}x`],
  [`target <= ${TARGET.toFixed(2)}x`, ratio <= TARGET ? 'PASS' : 'MISS'],
];
const widths = [0, 1].map((c) => Math.max(...rows.map((row) => row[c].length)));
console.log(
  `${bodyBytes.length}-byte cancel body, node ${process.version}, ${cpus().length} CPUs, ` +
    `${ROUNDS} rounds x ${PER_ROUND} calls`,
);
for (const [i, [label, value]] of rows.entries()) {
  console.log(`${label.padEnd(widths[0])}  ${value.padStart(widths[1])}`);
  if (i === 0) console.log(`${'-'.repeat(widths[0])}  ${'-'.repeat(widths[1])}`);
}
process.exit(0);
