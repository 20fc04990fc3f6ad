import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(PACKAGE_DIR, 'dist/cli/bin.js');
export const DEMO_REGISTRY = join(PACKAGE_DIR, 'demo/registry.mjs');

export interface SeededPayment {
  connector: string;
  paymentId: string;
  providerOptions?: Record<string, Record<string, unknown>>;
  /** cancelled, refused, or cancelled-before (cancelled before the job: refused or confirmed). */
  expect: 'cancelled' | 'refused' | 'cancelled-before';
}

export interface PaymentReport extends SeededPayment {
  initial: string;
  state: string;
  cancelled: boolean;
  cancelRecords?: number;
  requestIds: string[];
  /** Cancels the simulator accepted for it (PayerMax: cancel records made). */
  accepted: number;
  requests: number;
}

export interface SimConfig {
  latencyMs?: number;
  jitterMs?: number;
  p5xx?: number;
  pLost?: number;
}

/**
 * demo/simulators.mjs in a child process: the three simulators on loopback, their state file
 * (for demo/registry.mjs, in every worker process), and its control API.
 */
export async function startSimulators(args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'paykit-sims-'));
  const stateFile = join(dir, 'state.json');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(PACKAGE_DIR, 'demo/simulators.mjs'), '--state', stateFile, ...args],
    { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const state = await new Promise<{ control: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`simulators did not start:\n${output}`)),
      20_000,
    );
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(6)));
      }
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`simulators exited ${code}:\n${output}`)));
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${state.control}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    stateFile,
    /** The environment a registry-module process needs. */
    env: { ...process.env, PAYKIT_DEMO_STATE: stateFile },
    async seed(
      count: number,
      options: { connectors?: string[]; mix?: 'mixed' | 'cancellable' } = {},
    ): Promise<SeededPayment[]> {
      return (await call('POST', '/seed', { count, ...options })).payments;
    },
    async report(): Promise<{
      payments: PaymentReport[];
      requests: Record<string, number>;
      faults: Record<string, number>;
    }> {
      return call('GET', '/report');
    },
    async timestamps(connector: string): Promise<number[]> {
      return (await call('GET', `/timestamps?connector=${connector}`)).timestamps;
    },
    configure: (config: SimConfig) => call('POST', '/config', config),
    resetStats: () => call('POST', '/reset-stats', {}),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Simulators = Awaited<ReturnType<typeof startSimulators>>;

/** A CSV of cancels, as a merchant would export it (providerOptions as JSON, quoted). */
export function toCsv(rows: SeededPayment[]): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return [
    'connector,paymentId,providerOptions',
    ...rows.map((r) =>
      [
        r.connector,
        r.paymentId,
        r.providerOptions ? quote(JSON.stringify(r.providerOptions)) : '',
      ].join(','),
    ),
  ].join('\n');
}
