/**
 * Crawl benchmark: read every company and every subscription of a large sandbox account through
 * the client's `list()` iterables, and compare the time with the lower bound that latency, the
 * concurrency cap and the rate limit allow. Prints a table, then one JSON line.
 *
 * Lower bound (documented in the output): with R requests (token included), concurrency C, latency
 * d and a limit of L requests per minute, no client can finish faster than
 *   bound = max(2·d + (R − 3)·d/C, (R − L)·60000/L + d)
 * The first term: the token, then the first page of the two lists (which tells how many pages there
 * are), each a round trip that nothing can overlap; then the other R − 3 requests, C at a time, each
 * taking at least d. The second: past the first L requests (allowed at once by an empty server
 * window) each further one must wait for a slot. The bound counts latency only, not the time to
 * build and read a page, so pages of 1000 sit further above it than pages of 200 did.
 *
 * The same crawl with subscriptions in pages of 200 (Pax8's documented maximum) then runs against the
 * same sandbox as the peer: the JSON line reports both and the ratio of their times.
 */
import { performance } from 'node:perf_hooks';
import { maxPageSize, type Pax8Client } from '../../src/pax8/index.ts';
import { clientFor, countingLogger } from '../helpers/pax8-sandbox.ts';
import { printFigures, startPax8Bench } from '../helpers/bench-figures.ts';

const companies = Number(process.env.BENCH_COMPANIES ?? 2000);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const rateLimit = Number(process.env.BENCH_RATE_LIMIT ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 6);

async function main(): Promise<void> {
  // The sandbox runs in its own process, as Pax8 runs on its own servers: what is measured is the client.
  const bench = await startPax8Bench({ companies, latencyMs, rateLimit, concurrency });
  const { sandbox, counter, pax8 } = bench;
  try {
    const started = performance.now();
    const [companyCount, subscriptionCount] = await Promise.all([count(pax8.companies.list()), count(pax8.subscriptions.list())]);
    const elapsedMs = Math.round(performance.now() - started);
    bench.rss.sample();
    const requests = counter.requests() + counter.tokens();
    const peer = countingLogger();
    const peerClient: Pax8Client = clientFor(sandbox, { log: peer.log, rateLimitPerMinute: rateLimit, maxConcurrency: concurrency, pageConcurrency: concurrency, crawlPageSize: maxPageSize });
    const peerStarted = performance.now();
    await Promise.all([count(peerClient.companies.list()), count(peerClient.subscriptions.list())]);
    const elapsedMs200 = Math.round(performance.now() - peerStarted);
    const requests200 = peer.requests() + peer.tokens();
    const byConcurrency = 2 * latencyMs + ((requests - 3) * latencyMs) / concurrency;
    const byRateLimit = ((requests - rateLimit) * 60_000) / rateLimit + latencyMs;
    const boundMs = Math.round(Math.max(byConcurrency, byRateLimit));
    const result = {
      bench: 'pax8-crawl',
      elapsedMs,
      boundMs,
      ratio: Math.round((elapsedMs / boundMs) * 100) / 100,
      http429: counter.withStatus(429) + peer.withStatus(429),
      requests,
      requests200,
      elapsedMs200,
      ratioTo200: Math.round((elapsedMs / elapsedMs200) * 100) / 100,
      rssMb: bench.rss.mb(),
    };
    const rows: [string, string | number][] = [
      ['companies read', companyCount],
      ['subscriptions read', subscriptionCount],
      ['requests (API + token)', `${counter.requests()} + ${counter.tokens()}`],
      ['HTTP 429 received', result.http429],
      ['latency d / concurrency C / limit L', `${latencyMs} ms / ${concurrency} / ${rateLimit} per min`],
      ['bound: 2·d + (R − 3)·d/C', `${Math.round(byConcurrency)} ms`],
      ['bound: (R − L)·60000/L + d', `${Math.round(byRateLimit)} ms`],
      ['bound = max of the two', `${boundMs} ms`],
      ['elapsed', `${elapsedMs} ms`],
      ['ratio elapsed / bound', result.ratio],
      ['same crawl, subscriptions 200 per page', `${requests200} requests, ${elapsedMs200} ms`],
      ['ratio elapsed / elapsed at 200', result.ratioTo200],
      ['peak RSS', `${result.rssMb} MB`],
      ['request ms p50 / p90 / max', percentiles(counter.durations())],
    ];
    printFigures('pax8-crawl: every company and subscription through list() against the sandbox (in its own process); subscriptions 1000 per page', rows, result);
  } finally {
    await bench.close();
  }
}

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `${at(0.5)} / ${at(0.9)} / ${at(1)}`;
}

/** Counts items without keeping them, so memory reflects the client, not the benchmark. */
async function count(items: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of items) n += 1;
  return n;
}

await main();
