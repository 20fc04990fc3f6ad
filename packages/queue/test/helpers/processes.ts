import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, PACKAGE_DIR } from './sim-server.js';

export interface Running {
  child: ChildProcess;
  output(): string;
  stdout(): string;
  exited: Promise<number | null>;
  /** Resolves once the output contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
}

/** `paykit-queue <args>` in a child process. */
export function cli(args: string[], env: NodeJS.ProcessEnv, cwd = PACKAGE_DIR): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let out = '';
  child.stdout!.on('data', (d) => {
    all += d;
    out += d;
  });
  child.stderr!.on('data', (d) => {
    all += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))),
  );
  return {
    child,
    output: () => all,
    stdout: () => out,
    exited,
    async waitFor(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!all.includes(text)) {
        if (child.exitCode !== null) throw new Error(`exited before "${text}":\n${all}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs} ms:\n${all}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
