import { performance } from 'node:perf_hooks';

/** Calls per second with `concurrency` calls in flight until `total` calls are done. */
export async function throughput(
  call: () => Promise<unknown>,
  total: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await call();
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

export const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface Contender {
  name: string;
  call: () => Promise<unknown>;
}

/** What `compareThroughput` found. */
export interface Comparison {
  /** Median calls/s of each contender over the rounds. */
  rates: Record<string, number>;
  /**
   * `a`'s calls/s over `b`'s, taken within each round and the median of those: a ratio of two
   * medians would carry the machine's drift between rounds (on a shared VM, tens of percent)
   * into the comparison, while two contenders measured seconds apart share it.
   */
  ratio(a: string, b: string): number;
}

/**
 * Throughput of each contender over `rounds` rounds; the order rotates every round so that none
 * always runs first or last (warm sockets, GC debt, CPU frequency drift).
 */
export async function compareThroughput(
  contenders: readonly Contender[],
  options: { rounds: number; calls: number; concurrency: number; warmUp: number },
): Promise<Comparison> {
  for (const contender of contenders) {
    await throughput(contender.call, options.warmUp, options.concurrency);
  }
  const rounds: Record<string, number>[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const rates: Record<string, number> = {};
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(k + round) % contenders.length]!;
      rates[contender.name] = await throughput(contender.call, options.calls, options.concurrency);
    }
    rounds.push(rates);
  }
  return {
    rates: Object.fromEntries(
      contenders.map((c) => [c.name, median(rounds.map((rates) => rates[c.name]!))]),
    ),
    ratio: (a, b) => median(rounds.map((rates) => rates[a]! / rates[b]!)),
  };
}

/** Median ms per call of each contender, calls one after another, order rotating. */
export async function compareLatency(
  contenders: readonly Contender[],
  options: { rounds: number; calls: number },
): Promise<Record<string, number>> {
  const samples = contenders.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const j = (k + round) % contenders.length;
      const started = performance.now();
      for (let i = 0; i < options.calls; i++) await contenders[j]!.call();
      samples[j]!.push((performance.now() - started) / options.calls);
    }
  }
  return Object.fromEntries(contenders.map((c, i) => [c.name, median(samples[i]!)]));
}
