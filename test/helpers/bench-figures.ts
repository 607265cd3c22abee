/**
 * What the in-process benchmarks (`bench:pax8`, `bench:reconcile`, `bench:licenses`) share: the
 * sandbox in its own process with a counting client against it, this process's peak RSS sampled
 * while they run, and the way figures are printed (a table, then one JSON line last).
 */
import type { Pax8Client } from '../../src/pax8/index.ts';
import { clientFor, countingLogger } from './pax8-sandbox.ts';
import type { SandboxAddress } from '../../src/sandbox/index.ts';
import { startSandboxProcess } from './sandbox-process.ts';

/** Samples this process's RSS every 10 ms; `mb()` is the peak so far, in MB. */
export function peakRssSampler(): { sample(): void; mb(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 10);
  return {
    sample,
    mb: () => {
      sample();
      return Math.round(peak / 1_048_576);
    },
    stop: () => clearInterval(timer),
  };
}

/** Prints `title`, the rows as an aligned table, and `result` as the last line (one JSON object). */
export function printFigures(title: string, rows: readonly (readonly [string, string | number])[], result: object): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(title);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  console.log(JSON.stringify(result));
}

export interface PaxBench {
  readonly sandbox: SandboxAddress;
  readonly counter: ReturnType<typeof countingLogger>;
  readonly pax8: Pax8Client;
  readonly rss: ReturnType<typeof peakRssSampler>;
  close(): Promise<void>;
}

/**
 * The sandbox (seed 1) in its own process, as Pax8 runs on its own servers, with `companies`,
 * latency and rate limit; a client against it at `concurrency` whose calls are counted; the RSS sampler.
 */
export async function startPax8Bench(o: { companies: number; latencyMs: number; rateLimit: number; concurrency: number }): Promise<PaxBench> {
  const sandbox = await startSandboxProcess(['--seed', '1', '--companies', String(o.companies), '--latency-ms', String(o.latencyMs), '--rate-limit', String(o.rateLimit)]);
  const counter = countingLogger();
  const pax8 = clientFor(sandbox, { log: counter.log, rateLimitPerMinute: o.rateLimit, maxConcurrency: o.concurrency, pageConcurrency: o.concurrency });
  const rss = peakRssSampler();
  return {
    sandbox,
    counter,
    pax8,
    rss,
    async close() {
      rss.stop();
      await sandbox.close();
    },
  };
}
