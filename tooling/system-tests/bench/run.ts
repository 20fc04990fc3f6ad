// `pnpm bench`: paykit against hand-written clients on the same loopback stub, RSA signing
// against node:crypto, cold import times, the full load run, and the memory a hostile peer can
// cost (RSS growth under compression bombs and a 200 MB body). Every ratio is measured in this
// one run. BENCH_QUICK=1 runs a reduced form (CI). Writes test-output/bench.json and
// test-output/performance-results.md; prints a report. Not a gate: the targets are reported.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLiquido } from '@paykit/connector-liquido';
import { createPayerMax } from '@paykit/connector-payermax';
import { generatePayerMaxTestKeys } from '@paykit/connector-payermax/testing';
import { createYabandPay } from '@paykit/connector-yabandpay';
import type { Connector } from '@paykit/core';
import { createRedactor, createRsaSigner, createRsaVerifier } from '@paykit/core/connector';
import type { LoadReport } from '../src/load.js';
import { benchHttpClient } from './bench-http-client.js';
import {
  BENCH_APP_ID,
  BENCH_PAYMENT_ID,
  BENCH_REQUEST_ID,
  BENCH_TID,
  BENCH_TOKEN,
} from './canned.js';
import { echoCall, type HandWrittenKeys, handWrittenCancel } from './clients.js';
import type { HostileScenario } from './hostile-main.js';
import { createLegacyHttpClient } from './legacy-http-client.js';
import { type Comparison, compareLatency, compareThroughput, median } from './measure.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const quick = process.env.BENCH_QUICK === '1';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const HTTP = quick
  ? { rounds: 5, calls: 200, concurrency: CONCURRENCY, warmUp: 100 }
  : { rounds: 15, calls: 1000, concurrency: CONCURRENCY, warmUp: 600 };
const IMPORT_RUNS = quick ? 3 : 15;
const LOAD_CALLS = Number(process.env.LOAD_CALLS ?? (quick ? 600 : 5000));
// BENCH_ONLY=http,connectors,rsa,imports,load,hostile runs only those sections.
const only = process.env.BENCH_ONLY?.split(',');
const runs = (section: string) => !only || only.includes(section);

const keys = generatePayerMaxTestKeys();
const handKeys: HandWrittenKeys = {
  yabandpaySecretKey: 'bench-yabandpay-secret-0123456789abcdef',
  liquidoApiKey: 'bench-liquido-api-key-0123456789',
  merchantPrivateKey: keys.merchantPrivateKey,
  payermaxPublicKey: keys.payermaxPublicKey,
};

function startStub(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'stub-server.ts')], {
    cwd: packageDir,
    env: { ...process.env, PAYERMAX_PRIVATE_KEY: keys.payermaxPrivateKey },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ url: line.trim(), child });
    });
  });
}

function paykitConnector(name: 'liquido' | 'payermax' | 'yabandpay', baseUrl: string): Connector {
  switch (name) {
    case 'liquido':
      return createLiquido({
        clientId: 'bench-client',
        clientSecret: 'bench-client-secret-0123456789',
        apiKey: handKeys.liquidoApiKey,
        baseUrl,
      });
    case 'payermax':
      return createPayerMax({
        appId: BENCH_APP_ID,
        privateKey: keys.merchantPrivateKey,
        payermaxPublicKey: keys.payermaxPublicKey,
        baseUrl,
      });
    case 'yabandpay':
      return createYabandPay({ secretKey: handKeys.yabandpaySecretKey, tid: BENCH_TID, baseUrl });
  }
}

const f = (n: number, digits = 0) => n.toFixed(digits);
const LABELS = {
  fetch: 'raw `fetch`',
  ky: 'plain ky call',
  core: 'core HTTP client',
  'core+hooks': 'core HTTP client, with onRequest/onResponse hooks',
  'core before': 'core HTTP client before this work',
  'core before+hooks': 'core HTTP client before this work, with hooks',
} as const;
const r2 = (n: number) => n.toFixed(2);
const ratio = (a: number, b: number) => r2(a / b);
const HTTP_KEYS = [
  'fetch',
  'ky',
  'core',
  'core+hooks',
  'core before',
  'core before+hooks',
] as const;
// The pairs reported for each connector: paykit against each hand-written client, ky against fetch.
const CONNECTOR_PAIRS = [
  ['paykit', 'ky'],
  ['paykit', 'fetch'],
  ['paykit', 'fetch+timeout'],
  ['ky', 'fetch'],
  ['fetch+timeout', 'fetch'],
] as const;
/** Ratios taken within each round (measure.ts), by `a/b`. */
const pairedRatios = (
  comparison: Comparison,
  pairs: readonly (readonly [string, string])[],
): Record<string, number> =>
  Object.fromEntries(pairs.map(([a, b]) => [`${a}/${b}`, comparison.ratio(a, b)]));

async function httpLayer(baseUrl: string) {
  const client = benchHttpClient({
    connector: 'bench',
    connectorVersion: '0.0.0',
    baseUrl,
    timeoutMs: 15_000,
    maxRetries: 2,
    secrets: [BENCH_TOKEN],
  });
  const observed = benchHttpClient({
    connector: 'bench',
    connectorVersion: '0.0.0',
    baseUrl,
    timeoutMs: 15_000,
    maxRetries: 2,
    secrets: [BENCH_TOKEN],
    hooks: { onRequest: () => {}, onResponse: () => {} },
  });
  const legacySettings = {
    connector: 'bench',
    connectorVersion: '0.0.0',
    baseUrl,
    timeoutMs: 15_000,
    maxRetries: 2,
    redactor: createRedactor([BENCH_TOKEN]),
  };
  const legacy = createLegacyHttpClient(legacySettings);
  const legacyObserved = createLegacyHttpClient({
    ...legacySettings,
    hooks: { onRequest: () => {}, onResponse: () => {} },
  });
  const body = JSON.stringify({ paymentId: BENCH_PAYMENT_ID, requestId: BENCH_REQUEST_ID });
  const core = (http: typeof client) => async () => {
    const result = await http.request({
      method: 'POST',
      url: '/echo',
      body: { body },
      requestId: BENCH_REQUEST_ID,
    });
    if (result.status !== 200 || result.text !== '{"ok":true}') throw new Error('bad echo');
  };
  return compareThroughput(
    [
      { name: 'fetch', call: echoCall(baseUrl, 'fetch') },
      { name: 'ky', call: echoCall(baseUrl, 'ky') },
      { name: 'core', call: core(client) },
      { name: 'core+hooks', call: core(observed) },
      { name: 'core before', call: core(legacy) },
      { name: 'core before+hooks', call: core(legacyObserved) },
    ],
    HTTP,
  );
}

async function connectorThroughput(name: 'liquido' | 'payermax' | 'yabandpay', baseUrl: string) {
  const connector = paykitConnector(name, baseUrl);
  const input = { paymentId: BENCH_PAYMENT_ID, requestId: BENCH_REQUEST_ID };
  return compareThroughput(
    [
      {
        name: 'paykit',
        call: async () => {
          const result = await connector.cancelPayment(input);
          if (result.paymentId !== BENCH_PAYMENT_ID) throw new Error('bad result');
        },
      },
      { name: 'ky', call: handWrittenCancel(name, baseUrl, 'ky', handKeys) },
      { name: 'fetch', call: handWrittenCancel(name, baseUrl, 'fetch', handKeys) },
      {
        name: 'fetch+timeout',
        call: handWrittenCancel(name, baseUrl, 'fetch+timeout', handKeys),
      },
    ],
    HTTP,
  );
}

async function signing() {
  const body = JSON.stringify({
    version: '1.5',
    keyVersion: '1',
    requestTime: '2024-05-01T12:34:56.789+00:00',
    appId: BENCH_APP_ID,
    data: { requestId: BENCH_REQUEST_ID, outTradeNo: BENCH_PAYMENT_ID },
  });
  const bytes = Buffer.from(body);
  const privateKey = createPrivateKey({
    key: Buffer.from(keys.merchantPrivateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey({
    key: Buffer.from(keys.merchantPublicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
  const signer = createRsaSigner(keys.merchantPrivateKey);
  const verifier = createRsaVerifier(keys.merchantPublicKey);
  const nativeSignature = sign('sha256', bytes, privateKey).toString('base64');
  if ((await signer.sign(body)) !== nativeSignature) throw new Error('signatures differ');
  const signatureBytes = Buffer.from(nativeSignature, 'base64');
  for (let i = 0; i < 20; i++) await signer.sign(body);
  const rounds = quick ? 3 : 7;
  const signMs = await compareLatency(
    [
      { name: 'paykit', call: () => signer.sign(body) },
      { name: 'native', call: async () => sign('sha256', bytes, privateKey).toString('base64') },
    ],
    { rounds, calls: quick ? 20 : 60 },
  );
  const verifyMs = await compareLatency(
    [
      { name: 'paykit', call: () => verifier.verify(body, nativeSignature) },
      { name: 'native', call: async () => verify('sha256', bytes, publicKey, signatureBytes) },
    ],
    { rounds, calls: quick ? 100 : 400 },
  );
  return { signMs, verifyMs };
}

function coldImports() {
  const modules = [
    '',
    '@paykit/core',
    '@paykit/connector-liquido',
    '@paykit/connector-payermax',
    '@paykit/connector-yabandpay',
  ];
  const samples = modules.map(() => [] as number[]);
  for (let run = 0; run < IMPORT_RUNS; run++) {
    for (const [i, module] of modules.entries()) {
      const started = performance.now();
      const child = spawnSync(
        process.execPath,
        ['-e', module ? `import(${JSON.stringify(module)})` : ''],
        { cwd: packageDir, stdio: 'ignore' },
      );
      if (child.status !== 0) throw new Error(`node -e import(${module}) failed`);
      samples[i]!.push(performance.now() - started);
    }
  }
  return Object.fromEntries(
    modules.map((module, i) => [module || 'node -e ""', median(samples[i]!)]),
  );
}

function fullLoad(): Promise<LoadReport> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(packageDir, 'src', 'load-main.ts')],
    {
      cwd: packageDir,
      env: { ...process.env, LOAD_CALLS: String(LOAD_CALLS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`load exited ${code}`)),
    );
  });
}

const cpuModel =
  readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model;
const machine = {
  node: process.version,
  nproc: cpus().length,
  cpu: cpuModel,
  quick,
  concurrency: CONCURRENCY,
  callsPerRound: HTTP.calls,
  rounds: HTTP.rounds,
};
console.log(
  `paykit bench${quick ? ' (quick)' : ''}: node ${machine.node}, ${machine.nproc} CPUs (${machine.cpu}), ` +
    `${HTTP.calls} calls x ${HTTP.rounds} rounds at concurrency ${CONCURRENCY}, stub in its own process`,
);

const results: Record<string, unknown> = { machine };
const stub = await startStub();
try {
  if (runs('http')) await reportHttpLayer(stub.url);
  if (runs('connectors')) await reportConnectors(stub.url);
} finally {
  stub.child.stdin!.end();
}

async function reportHttpLayer(url: string) {
  const comparison = await httpLayer(url);
  const http = comparison.rates;
  const of = pairedRatios(
    comparison,
    HTTP_KEYS.map((k) => [k, 'fetch'] as const),
  );
  results.httpLayer = http;
  results.httpLayerRatios = of;
  console.log('\nHTTP layer alone, POST /echo (calls/s, median of rounds; ratios within rounds)');
  console.log(`  raw fetch           ${f(http.fetch!)}`);
  console.log(`  plain ky call       ${f(http.ky!)}   ky/fetch ${r2(of['ky/fetch']!)}`);
  console.log(
    `  core http client    ${f(http.core!)}   core/fetch ${r2(of['core/fetch']!)}  (target >= 0.80)`,
  );
  console.log(
    `  core, with hooks    ${f(http['core+hooks']!)}   core+hooks/fetch ${r2(of['core+hooks/fetch']!)}`,
  );
  console.log(
    `  core before         ${f(http['core before']!)}   before/fetch ${r2(of['core before/fetch']!)}`,
  );
  console.log(
    `  core before, hooks  ${f(http['core before+hooks']!)}   before+hooks/fetch ${r2(of['core before+hooks/fetch']!)}`,
  );
}

async function reportConnectors(url: string) {
  const rates: Record<string, Record<string, number>> = {};
  const ratios: Record<string, Record<string, number>> = {};
  console.log(
    '\ncancelPayment against hand-written clients (calls/s, median of rounds; ratios within rounds)',
  );
  console.log(
    '  connector    paykit      ky   fetch  fetch+t  paykit/ky  paykit/fetch  paykit/fetch+t  ky/fetch  fetch+t/fetch',
  );
  for (const name of ['liquido', 'payermax', 'yabandpay'] as const) {
    const comparison = await connectorThroughput(name, url);
    const r = comparison.rates;
    const of = pairedRatios(comparison, CONNECTOR_PAIRS);
    rates[name] = r;
    ratios[name] = of;
    console.log(
      `  ${name.padEnd(10)} ${f(r.paykit!).padStart(7)} ${f(r.ky!).padStart(7)} ${f(r.fetch!).padStart(7)} ${f(r['fetch+timeout']!).padStart(8)}` +
        `  ${r2(of['paykit/ky']!).padStart(9)}  ${r2(of['paykit/fetch']!).padStart(12)}  ${r2(of['paykit/fetch+timeout']!).padStart(14)}  ${r2(of['ky/fetch']!).padStart(8)}  ${r2(of['fetch+timeout/fetch']!).padStart(13)}`,
    );
  }
  console.log(
    '  target: paykit/fetch >= 0.85 (fetch+t: raw fetch with AbortSignal.timeout, what the per-attempt timeout costs alone)',
  );
  results.connectors = rates;
  results.connectorRatios = ratios;
}

if (runs('rsa')) await reportSigning();
if (runs('imports')) reportImports();
if (runs('load')) await reportLoad();
if (runs('hostile')) await reportHostile();

async function reportSigning() {
  const rsa = await signing();
  results.rsa = rsa;
  console.log('\nRSA-2048 SHA256withRSA, one call after another (ms/op, median of rounds)');
  console.log(
    `  sign    paykit ${f(rsa.signMs.paykit!, 3)}  native ${f(rsa.signMs.native!, 3)}  ratio ${ratio(rsa.signMs.paykit!, rsa.signMs.native!)}`,
  );
  console.log(
    `  verify  paykit ${f(rsa.verifyMs.paykit!, 3)}  native ${f(rsa.verifyMs.native!, 3)}  ratio ${ratio(rsa.verifyMs.paykit!, rsa.verifyMs.native!)}`,
  );
}

function reportImports() {
  const imports = coldImports();
  results.coldImportMs = imports;
  const baseline = imports['node -e ""']!;
  console.log(`\nCold import, node -e "import('<module>')", median of ${IMPORT_RUNS} (ms)`);
  for (const [module, ms] of Object.entries(imports)) {
    console.log(
      `  ${module.padEnd(28)} ${f(ms, 1).padStart(7)}${module === 'node -e ""' ? '' : `   +${f(ms - baseline, 1)} over baseline`}`,
    );
  }
}

async function reportLoad() {
  const load = await fullLoad();
  results.load = load;
  console.log(
    `\nLoad: ${load.calls} cancels x 2 rounds at concurrency ${load.concurrency}, loopback simulators`,
  );
  for (const [i, round] of load.rounds.entries()) {
    console.log(
      `  round ${i + 1}: ${f(round.durationMs)} ms, ${f(round.callsPerSecond)} calls/s, resolved ${round.resolved}, ` +
        `rejected ${round.rejected}, heap after gc ${f(round.heapUsedAfterGc / 1048576, 1)} MiB`,
    );
  }
  console.log(
    `  heap round 2 / round 1: ${load.heapRatio.toFixed(3)} (limit 1.20); handles left open: ${load.leakedResources.length ? load.leakedResources.join(', ') : 'none'}`,
  );
}

/** One scenario in a fresh child process: RSS keeps its high-water mark within a process. */
function hostileScenario(scenario: string, concurrency: number): Promise<HostileScenario> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      join(here, 'hostile-main.ts'),
      scenario,
      String(concurrency),
    ],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`hostile ${scenario} exited ${code}`)),
    );
  });
}

async function reportHostile() {
  const scenarios: HostileScenario[] = [];
  for (const concurrency of [1, 4]) {
    for (const scenario of ['gzip', 'deflate', 'br', 'chunked', 'declared']) {
      scenarios.push(await hostileScenario(scenario, concurrency));
    }
  }
  results.hostile = { limit: 1024 * 1024, scenarios };
  console.log(
    "\nHostile peers through core's HTTP client (maxResponseBytes 1 MiB; peer in its own process)",
  );
  console.log(
    '  scenario                       calls  RSS growth MiB  x limit  per call x limit  heap+buffers MiB  codes',
  );
  for (const s of scenarios) {
    console.log(
      `  ${s.name.padEnd(30)} ${String(s.concurrency).padStart(5)}  ${f(s.rssGrowth / 1048576, 1).padStart(14)}  ${f(s.ratioToLimit, 2).padStart(7)}  ${f(s.ratioToLimit / s.concurrency, 2).padStart(16)}  ${f(s.allocatedGrowth / 1048576, 1).padStart(16)}  ${[...new Set(s.codes)].join(',')}`,
    );
  }
  console.log(
    '  before this work: about 2.1 GB of growth per attempt for the gzip bomb, 3 attempts',
  );
}

const output = process.env.BENCH_OUTPUT ?? 'bench';
mkdirSync(join(packageDir, 'test-output'), { recursive: true });
writeFileSync(
  join(packageDir, 'test-output', `${output}.json`),
  `${JSON.stringify(results, null, 2)}\n`,
);
writeFileSync(join(packageDir, 'test-output', `${output}.md`), markdown());
console.log(`\nwrote test-output/${output}.json and test-output/${output}.md`);

/** The results as the tables of docs/performance.md. */
function markdown(): string {
  const lines = [
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), node ${machine.node}. ` +
      `${HTTP.calls} calls per round, median of ${HTTP.rounds} rounds, ${CONCURRENCY} in flight; ratios taken within each round, their median.`,
    '',
  ];
  const http = results.httpLayer as Record<string, number> | undefined;
  const httpOf = results.httpLayerRatios as Record<string, number> | undefined;
  if (http && httpOf) {
    lines.push(
      '| HTTP layer, POST /echo | calls/s | of raw fetch |',
      '|---|---:|---:|',
      ...HTTP_KEYS.map((k) => `| ${LABELS[k]} | ${f(http[k]!)} | ${r2(httpOf[`${k}/fetch`]!)} |`),
      '',
    );
  }
  const connectors = results.connectors as Record<string, Record<string, number>> | undefined;
  const connectorOf = results.connectorRatios as Record<string, Record<string, number>> | undefined;
  if (connectors && connectorOf) {
    lines.push(
      '| cancelPayment | paykit | plain ky | raw fetch | raw fetch + timeout | paykit/(fetch + timeout) | paykit/fetch | paykit/ky | (fetch + timeout)/fetch |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...Object.entries(connectors).map(([name, r]) => {
        const of = connectorOf[name]!;
        return `| ${name} | ${f(r.paykit!)} | ${f(r.ky!)} | ${f(r.fetch!)} | ${f(r['fetch+timeout']!)} | ${r2(of['paykit/fetch+timeout']!)} | ${r2(of['paykit/fetch']!)} | ${r2(of['paykit/ky']!)} | ${r2(of['fetch+timeout/fetch']!)} |`;
      }),
      '',
    );
  }
  const rsa = results.rsa as Awaited<ReturnType<typeof signing>> | undefined;
  if (rsa) {
    lines.push(
      '| RSA-2048 SHA256withRSA | paykit ms/op | node:crypto ms/op | ratio |',
      '|---|---:|---:|---:|',
      `| sign | ${f(rsa.signMs.paykit!, 3)} | ${f(rsa.signMs.native!, 3)} | ${ratio(rsa.signMs.paykit!, rsa.signMs.native!)} |`,
      `| verify | ${f(rsa.verifyMs.paykit!, 3)} | ${f(rsa.verifyMs.native!, 3)} | ${ratio(rsa.verifyMs.paykit!, rsa.verifyMs.native!)} |`,
      '',
    );
  }
  const imports = results.coldImportMs as Record<string, number> | undefined;
  if (imports) {
    const baseline = imports['node -e ""']!;
    lines.push(
      '| cold import | ms | over `node -e ""` |',
      '|---|---:|---:|',
      ...Object.entries(imports).map(
        ([module, ms]) =>
          `| ${module === 'node -e ""' ? '`node -e ""`' : `\`${module}\``} | ${f(ms, 1)} | ${module === 'node -e ""' ? '' : f(ms - baseline, 1)} |`,
      ),
      '',
    );
  }
  const load = results.load as LoadReport | undefined;
  if (load) {
    lines.push(
      `| load, ${load.calls} cancels per round, concurrency ${load.concurrency} | ms | calls/s | resolved | rejected | heap after gc (MiB) |`,
      '|---|---:|---:|---:|---:|---:|',
      ...load.rounds.map(
        (round, i) =>
          `| round ${i + 1} | ${f(round.durationMs)} | ${f(round.callsPerSecond)} | ${round.resolved} | ${round.rejected} | ${f(round.heapUsedAfterGc / 1048576, 1)} |`,
      ),
      '',
      `Heap round 2 / round 1: ${load.heapRatio.toFixed(3)}. Handles left open: ${load.leakedResources.length ? load.leakedResources.join(', ') : 'none'}.`,
      '',
    );
  }
  const hostile = results.hostile as { scenarios: HostileScenario[] } | undefined;
  if (hostile) {
    lines.push(
      '| hostile peer, maxResponseBytes 1 MiB | calls | RSS growth (MiB) | x limit | per call x limit | heap + buffers (MiB) | outcome |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...hostile.scenarios.map(
        (s) =>
          `| ${s.name} | ${s.concurrency} | ${f(s.rssGrowth / 1048576, 1)} | ${f(s.ratioToLimit, 2)} | ${f(s.ratioToLimit / s.concurrency, 2)} | ${f(s.allocatedGrowth / 1048576, 1)} | ${[...new Set(s.codes)].join(', ')} |`,
      ),
      '',
    );
  }
  return `${lines.join('\n')}`;
}
