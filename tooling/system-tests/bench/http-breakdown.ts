// Where the time of a ky call goes, by elimination: raw fetch, then one of ky's costs added at a
// time, then ky itself. `npx tsx bench/http-breakdown.ts`; the stub runs in its own process.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ky from 'ky';
import { compareThroughput } from './measure.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'stub-server.ts')], {
  cwd: join(here, '..'),
  stdio: ['pipe', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve) => {
  child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
});
const url = `${base}/echo`;
const body = JSON.stringify({ paymentId: 'bench-payment-0001', requestId: 'benchReq0001' });
const headers = { 'content-type': 'application/json', accept: 'application/json' };
const check = async (response: Response) => {
  if ((await response.text()) !== '{"ok":true}') throw new Error('bad echo');
};

const variants: Record<string, () => Promise<void>> = {
  'A fetch(url, init)': async () => check(await fetch(url, { method: 'POST', headers, body })),
  'B fetch(new Request)': async () =>
    check(await fetch(new Request(url, { method: 'POST', headers, body }))),
  'C B + clone() for retries': async () => {
    const request = new Request(url, {
      method: 'POST',
      headers,
      body,
      duplex: 'half',
    } as RequestInit);
    const spare = request.clone();
    const response = await fetch(request);
    void spare.body?.cancel();
    await check(response);
  },
  'D A + AbortController signal': async () => {
    const controller = new AbortController();
    await check(await fetch(url, { method: 'POST', headers, body, signal: controller.signal }));
  },
  'E D + timeout timer': async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 15_000);
    try {
      await check(await fetch(url, { method: 'POST', headers, body, signal: controller.signal }));
    } finally {
      clearTimeout(timer);
    }
  },
  'F ky, timeout false, retry 0': async () =>
    check(await ky.post(url, { headers, body, timeout: false, retry: 0 })),
  'G ky, defaults': async () => check(await ky.post(url, { headers, body })),
  'H ky, fetch gets url+init, no body on the Request': async () =>
    check(
      await ky.post(url, {
        headers,
        fetch: (request: Request) =>
          fetch(request.url, {
            method: request.method,
            headers: request.headers,
            body,
            signal: request.signal,
          }),
      } as never),
    ),
};

const calls = Number(process.env.CALLS ?? 1500);
const { rates, ratio } = await compareThroughput(
  Object.entries(variants).map(([name, call]) => ({ name, call })),
  { rounds: Number(process.env.ROUNDS ?? 5), calls, concurrency: 32, warmUp: 300 },
);
for (const [name, ops] of Object.entries(rates)) {
  console.log(
    `${name.padEnd(50)} ${ops.toFixed(0).padStart(6)} calls/s  ${ratio(name, 'A fetch(url, init)').toFixed(2)}`,
  );
}
child.stdin.end();
