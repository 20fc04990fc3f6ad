// Child-process entry of the hostile-peer measurement: `node --expose-gc --import tsx
// bench/hostile-main.ts <scenario> <concurrency>`, one fresh process per scenario (RSS keeps its
// high-water mark). Sends calls through core's HTTP client (the layer every connector uses) to a
// hostile peer in a third process, and measures how much the process's RSS grows above its
// settled level, after a warm-up of normal answers, while the peer sends a 1 GiB compression
// bomb or a 200 MB body. Prints the scenario as JSON.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_RESPONSE_BYTES, PaykitError } from '@paykit/core';
import { benchHttpClient } from './bench-http-client.js';

export interface HostileScenario {
  name: string;
  /** Calls in flight together. */
  concurrency: number;
  /** Peak RSS above the settled level before the calls, in bytes. */
  rssGrowth: number;
  /** rssGrowth over maxResponseBytes. */
  ratioToLimit: number;
  /** Peak of JS heap plus ArrayBuffers (the body's chunks) above the level before, in bytes. */
  allocatedGrowth: number;
  /** The error code every call ended in. */
  codes: string[];
}

export interface HostileReport {
  limit: number;
  scenarios: HostileScenario[];
}

/** The scenarios, by the name the child process takes. */
export const HOSTILE_SCENARIOS = {
  gzip: { name: 'gzip bomb, 1 GiB', path: '/gzip' },
  deflate: { name: 'deflate bomb, 1 GiB', path: '/deflate' },
  br: { name: 'br bomb, 1 GiB', path: '/br' },
  chunked: { name: '200 MB body, chunked', path: '/chunked' },
  declared: { name: '200 MB body, Content-Length', path: '/declared' },
} as const;

const here = dirname(fileURLToPath(import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function startPeer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'hostile-peer-server.ts')], {
    cwd: join(here, '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ url: out.split('\n')[0]!.trim(), child });
    });
  });
}

const peer = await startPeer();
const http = benchHttpClient({
  connector: 'bench',
  connectorVersion: '0.0.0',
  baseUrl: peer.url,
  timeoutMs: 60_000,
  maxRetries: 2,
  retryBaseDelayMs: 1,
  secrets: [],
});

// Warm up with normal answers: fetch, undici and the decoders loaded, so that their code is not
// counted as growth.
for (let i = 0; i < 20; i++) {
  for (const path of ['/small', '/small/gzip', '/small/deflate', '/small/br']) {
    await http.request({ method: 'GET', url: path });
  }
}

async function measure(name: string, path: string, concurrency: number): Promise<HostileScenario> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const allocated = (m: NodeJS.MemoryUsage) => m.heapUsed + m.arrayBuffers;
  const before = process.memoryUsage();
  const base = before.rss;
  const baseAllocated = allocated(before);
  let peak = base;
  let peakAllocated = baseAllocated;
  const sample = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    peakAllocated = Math.max(peakAllocated, allocated(now));
  };
  const sampler = setInterval(sample, 1);
  const codes = await Promise.all(
    Array.from({ length: concurrency }, () =>
      http.request({ method: 'GET', url: path }).then(
        () => 'resolved',
        (e: unknown) => (PaykitError.isInstance(e) ? e.code : String(e)),
      ),
    ),
  );
  sample();
  await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(sampler);
  sample();
  const rssGrowth = peak - base;
  return {
    name,
    concurrency,
    rssGrowth,
    ratioToLimit: rssGrowth / DEFAULT_MAX_RESPONSE_BYTES,
    allocatedGrowth: peakAllocated - baseAllocated,
    codes,
  };
}

const which = HOSTILE_SCENARIOS[process.argv[2] as keyof typeof HOSTILE_SCENARIOS];
if (!which) throw new Error(`unknown scenario ${process.argv[2]}`);
const scenario = await measure(which.name, which.path, Number(process.argv[3] ?? 1));
peer.child.stdin!.end();
process.stdout.write(`${JSON.stringify(scenario)}\n`, () => process.exit(0));
