#!/usr/bin/env node
// The three providers' simulators served on loopback in one process, with latency and injected
// faults, for the demo, the crash test and the benchmark. Not published.
//
//   node demo/simulators.mjs [--state FILE] [--latency MS] [--jitter MS] [--p5xx P] [--plost P]
//                            [--settle-ms MS] [--reversal-ms MS]
//
// Prints `READY <json>` (the URLs, the test credentials and the control URL) and writes the same
// JSON to --state. The control server (JSON over HTTP):
//   POST /seed {count, connectors?, mix?: 'mixed'|'cancellable'}  seeds payments, answers them
//   GET  /report                            every seeded payment: expected and final state, the
//                                           request ids its cancels carried, cancels accepted
//   GET  /timestamps?connector=ID           start times of the API requests (epoch ms)
//   POST /config {latencyMs, jitterMs, p5xx, pLost}
//   POST /reset-stats
// Stops on SIGTERM or SIGINT.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createLiquidoSimulator } from '@paykit/connector-liquido/testing';
import {
  createPayerMaxSimulator,
  generatePayerMaxTestKeys,
} from '@paykit/connector-payermax/testing';
import { createYabandPaySimulator } from '@paykit/connector-yabandpay/testing';
import { ConnectionReset, serveFetchHandler } from '@paykit/core/testing';

const { values } = parseArgs({
  options: {
    state: { type: 'string' },
    latency: { type: 'string', default: '0' },
    jitter: { type: 'string', default: '0' },
    p5xx: { type: 'string', default: '0' },
    plost: { type: 'string', default: '0' },
    'settle-ms': { type: 'string', default: '500' },
    'reversal-ms': { type: 'string', default: '1500' },
  },
});

const config = {
  latencyMs: Number(values.latency),
  jitterMs: Number(values.jitter),
  p5xx: Number(values.p5xx),
  pLost: Number(values.plost),
};
const reversalMs = Number(values['reversal-ms']);

const liquido = createLiquidoSimulator();
const keys = generatePayerMaxTestKeys();
const payermax = createPayerMaxSimulator({
  merchantPublicKey: keys.merchantPublicKey,
  keys: { privateKey: keys.payermaxPrivateKey, publicKey: keys.payermaxPublicKey },
  settleAfterMs: Number(values['settle-ms']),
});
const yabandpay = createYabandPaySimulator();

/** Every seeded payment: what it should end as, and what the simulator saw of it. */
const payments = new Map();
const stats = { requests: {}, faults: { '5xx': 0, lost: 0 }, timestamps: {} };
const resetStats = () => {
  stats.requests = { liquido: 0, payermax: 0, yabandpay: 0 };
  stats.faults = { '5xx': 0, lost: 0 };
  stats.timestamps = { liquido: [], payermax: [], yabandpay: [] };
};
resetStats();
const pid = (connector, paymentId) => `${connector}\u0000${paymentId}`;

// What a request is about: the payment, whether it is a cancel, and the request id it carries.
function readRequest(connector, url, body) {
  const path = new URL(url).pathname;
  if (connector === 'liquido') {
    if (path === '/oauth2/token') return { api: false };
    const cancel = /\/cancel\/([^/]+)$/.exec(path);
    const lookup = /\/v1\/payments\/charges\/([^/]+)$/.exec(path);
    const key = cancel?.[1] ?? lookup?.[1];
    return { api: true, cancel: Boolean(cancel), paymentId: key && decodeURIComponent(key) };
  }
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return { api: true };
  }
  if (connector === 'payermax') {
    const cancel = path.endsWith('/cancel');
    return {
      api: true,
      cancel,
      paymentId: json?.data?.outTradeNo,
      requestId: cancel ? json?.data?.requestId : undefined,
    };
  }
  const cancel = json?.method !== 'v3.QueryOrder';
  return {
    api: true,
    cancel,
    paymentId: json?.data?.trade_id,
    requestId: cancel ? json?.data?.request_id : undefined,
  };
}

// The payment's state as its simulator holds it, and how many cancels it accepted so far.
function snapshot(connector, paymentId) {
  if (connector === 'liquido') {
    const charge = liquido.getCharge(paymentId);
    if (charge)
      return { state: charge.transferStatus, cancelled: charge.transferStatus === 'CANCELLED' };
    const reference = liquido.getReference(paymentId);
    if (reference) return { state: reference.status, cancelled: reference.status === 'CANCELLED' };
    return { state: 'missing', cancelled: false };
  }
  if (connector === 'payermax') {
    const p = payermax.getPayment(paymentId);
    if (!p) return { state: 'missing', cancelled: false, records: 0 };
    return { state: p.status, cancelled: p.status === 'CANCELLED', records: p.cancels.length };
  }
  const p = yabandpay.getPayment(paymentId);
  if (!p) return { state: 'missing', cancelled: false };
  return { state: p.state, cancelled: p.state === 'cancelled' };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function serve(connector, sim) {
  return serveFetchHandler(async (request) => {
    const body = request.method === 'GET' ? '' : await request.text();
    const about = readRequest(connector, request.url, body);
    const entry = about.paymentId ? payments.get(pid(connector, about.paymentId)) : undefined;
    if (about.api) {
      stats.requests[connector] += 1;
      stats.timestamps[connector].push(Date.now());
    }
    if (entry) {
      entry.requests += 1;
      if (about.requestId) entry.requestIds.add(about.requestId);
    }
    const latency = config.latencyMs + Math.random() * config.jitterMs;
    if (latency > 0) await sleep(latency);
    let fault;
    if (about.api) {
      const r = Math.random();
      if (r < config.p5xx) fault = '5xx';
      else if (r < config.p5xx + config.pLost) fault = 'lost';
    }
    if (fault === '5xx') {
      stats.faults['5xx'] += 1;
      return new Response(JSON.stringify({ error: 'injected 503' }), {
        status: 503,
        headers: { 'content-type': 'application/json' },
      });
    }
    const before = entry ? snapshot(connector, about.paymentId) : undefined;
    // No signal: the provider finishes what it started, whoever is still listening.
    const inner = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.method === 'GET' ? {} : { body }),
    });
    let response;
    try {
      response = await sim.fetch(inner);
    } finally {
      if (entry && about.cancel) {
        const after = snapshot(connector, about.paymentId);
        // PayerMax: each new cancel record is a cancel it accepted (its state settles later).
        if (connector === 'payermax') entry.accepted += Math.max(0, after.records - before.records);
        else if (!before.cancelled && after.cancelled) entry.accepted += 1;
      }
    }
    if (fault === 'lost') {
      stats.faults.lost += 1;
      // The provider acted; the answer never arrives.
      throw new ConnectionReset();
    }
    return response;
  });
}

const servers = {
  liquido: await serve('liquido', liquido),
  payermax: await serve('payermax', payermax),
  yabandpay: await serve('yabandpay', yabandpay),
};

let seq = 0;
const runId = Date.now().toString(36);
function seedOne(connector, mix) {
  seq += 1;
  // A fixed spread over the cases (not random), so that a run's expectations are known.
  const r = mix === 'cancellable' ? 0 : ((seq * 37) % 100) / 100;
  const id = `${runId}${String(seq).padStart(6, '0')}`;
  let paymentId;
  let expect = 'cancelled';
  let providerOptions;
  if (connector === 'yabandpay') {
    const tradeId = `yp-${id}`;
    if (r < 0.88) paymentId = yabandpay.seedPayment({ tradeId, state: 'paid' });
    else if (r < 0.92) paymentId = yabandpay.seedPayment({ tradeId, state: 'paid', reversalMs });
    else if (r < 0.96) {
      paymentId = yabandpay.seedPayment({ tradeId, state: 'paid', cleared: true });
      expect = 'refused';
    } else {
      paymentId = yabandpay.seedPayment({ tradeId, state: 'cancelled' });
      expect = 'cancelled-before';
    }
  } else if (connector === 'payermax') {
    const outTradeNo = `PM${id}`;
    if (r < 0.9) paymentId = payermax.seedPayment({ outTradeNo, status: 'AUTHORIZED' });
    else if (r < 0.95) {
      paymentId = payermax.seedPayment({ outTradeNo, status: 'CAPTURED' });
      expect = 'refused';
    } else {
      paymentId = payermax.seedPayment({ outTradeNo, status: 'CLOSED' });
      expect = 'refused';
    }
  } else {
    const key = `lq-${id}`;
    if (r < 0.8) {
      paymentId = liquido.seedCharge({
        idempotencyKey: key,
        country: 'BR',
        paymentMethod: 'PIX_DYNAMIC_QR',
        transferStatus: 'IN_PROGRESS',
      });
    } else if (r < 0.9) {
      paymentId = liquido.seedReference({ idempotencyKey: key });
      providerOptions = { liquido: { target: 'reference' } };
    } else if (r < 0.95) {
      paymentId = liquido.seedCharge({
        idempotencyKey: key,
        country: 'BR',
        paymentMethod: 'PIX_DYNAMIC_QR',
        transferStatus: 'SETTLED',
      });
      expect = 'refused';
    } else {
      paymentId = liquido.seedCharge({
        idempotencyKey: key,
        country: 'BR',
        paymentMethod: 'PIX_DYNAMIC_QR',
        transferStatus: 'CANCELLED',
      });
      expect = 'cancelled-before';
    }
  }
  const row = { connector, paymentId, ...(providerOptions ? { providerOptions } : {}), expect };
  payments.set(pid(connector, paymentId), {
    ...row,
    requestIds: new Set(),
    accepted: 0,
    requests: 0,
    initial: snapshot(connector, paymentId).state,
  });
  return row;
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

const control = createServer(async (req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/seed') {
      const {
        count = 10,
        connectors = ['liquido', 'payermax', 'yabandpay'],
        mix = 'mixed',
      } = await readBody(req);
      const rows = [];
      for (let i = 0; i < count; i++) rows.push(seedOne(connectors[i % connectors.length], mix));
      return send(200, { payments: rows });
    }
    if (req.method === 'GET' && url.pathname === '/report') {
      const list = [...payments.values()].map((p) => {
        const now = snapshot(p.connector, p.paymentId);
        return {
          connector: p.connector,
          paymentId: p.paymentId,
          expect: p.expect,
          initial: p.initial,
          state: now.state,
          cancelled: now.cancelled,
          ...(now.records !== undefined ? { cancelRecords: now.records } : {}),
          requestIds: [...p.requestIds],
          accepted: p.accepted,
          requests: p.requests,
        };
      });
      return send(200, { payments: list, requests: stats.requests, faults: stats.faults });
    }
    if (req.method === 'GET' && url.pathname === '/timestamps') {
      return send(200, { timestamps: stats.timestamps[url.searchParams.get('connector')] ?? [] });
    }
    if (req.method === 'POST' && url.pathname === '/config') {
      Object.assign(config, await readBody(req));
      return send(200, config);
    }
    if (req.method === 'POST' && url.pathname === '/reset-stats') {
      resetStats();
      return send(200, {});
    }
    send(404, { error: 'not found' });
  } catch (error) {
    send(500, { error: String(error?.message ?? error) });
  }
});
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));

const state = {
  pid: process.pid,
  control: `http://127.0.0.1:${control.address().port}`,
  liquido: { url: servers.liquido.url, ...liquido.credentials },
  payermax: {
    url: servers.payermax.url,
    appId: payermax.appId,
    privateKey: keys.merchantPrivateKey,
    payermaxPublicKey: payermax.publicKey,
  },
  yabandpay: { url: servers.yabandpay.url, secretKey: yabandpay.secretKey, tid: yabandpay.tid },
};
if (values.state) writeFileSync(values.state, JSON.stringify(state, null, 2));
process.stdout.write(`READY ${JSON.stringify(state)}\n`);

async function stop() {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  control.close();
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
