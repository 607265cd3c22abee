/**
 * Reconciliation benchmark: every company of a large sandbox account reconciled for the last
 * invoiced month, against the sandbox in its own process at Pax8's 1000 calls per minute with 50 ms
 * latency. Prints a table, then one JSON line.
 *
 * Lower bound: with R requests (token included), concurrency C, latency d and a limit of L requests
 * per minute, no client finishes faster than
 *   bound = max(4·d + (R − 4)·d/C, ⌊(R − 1)/L⌋·60000 + d)
 * The first term: the token, the newest invoice, the month's first invoice page and the first
 * subscription page are round trips one after the other; the rest C at a time. The second: the
 * limit is a sliding window of a minute, so request k (from 0) cannot be sent before ⌊k/L⌋ minutes. Both the sandbox and the
 * client count the token request against the limit (Pax8 limits calls per partner account).
 */
import { performance } from 'node:perf_hooks';
import { reconcileBilling } from '../../src/billing/index.ts';
import { printFigures, startPax8Bench } from '../helpers/bench-figures.ts';

const companies = Number(process.env.BENCH_COMPANIES ?? 2000);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const rateLimit = Number(process.env.BENCH_RATE_LIMIT ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function main(): Promise<void> {
  const bench = await startPax8Bench({ companies, latencyMs, rateLimit, concurrency });
  const { counter, pax8 } = bench;
  try {
    const started = performance.now();
    let lastShown = 0;
    const report = await reconcileBilling({
      accounts: [{ name: 'bench', reads: pax8 }],
      concurrency,
      onProgress: ({ done, total }) => {
        if (done - lastShown >= 500 || done === total) {
          lastShown = done;
          process.stderr.write(`  ${done} of ${total} companies\n`);
        }
      },
    });
    const elapsedMs = Math.round(performance.now() - started);
    bench.rss.sample();
    const requests = counter.requests() + counter.tokens();
    const byConcurrency = 4 * latencyMs + ((requests - 4) * latencyMs) / concurrency;
    const byRateLimit = Math.floor((requests - 1) / rateLimit) * 60_000 + latencyMs;
    const boundMs = Math.round(Math.max(byConcurrency, byRateLimit));
    const result = {
      bench: 'reconcile',
      companies: report.companies,
      month: report.month,
      elapsedMs,
      boundMs,
      ratio: Math.round((elapsedMs / boundMs) * 100) / 100,
      http429: counter.withStatus(429),
      requests,
      findings: report.rows.filter((r) => r.status === 'finding').length,
      rssMb: bench.rss.mb(),
    };
    const rows: [string, string | number][] = [
      ['month reconciled', String(report.month)],
      ['companies (reconciled / not / with findings)', `${report.companies} (${report.reconciled} / ${report.notReconciled} / ${report.withFindings})`],
      ['requests (API + token)', `${counter.requests()} + ${counter.tokens()}`],
      ['HTTP 429 received', result.http429],
      ['latency d / concurrency C / limit L', `${latencyMs} ms / ${concurrency} / ${rateLimit} per min`],
      ['bound: 4·d + (R − 4)·d/C', `${Math.round(byConcurrency)} ms`],
      ['bound: ⌊(R − 1)/L⌋·60000 + d', `${Math.round(byRateLimit)} ms`],
      ['bound = max of the two', `${boundMs} ms`],
      ['elapsed', `${elapsedMs} ms`],
      ['ratio elapsed / bound (goal ≤ 1.2)', result.ratio],
      ['peak RSS', `${result.rssMb} MB`],
    ];
    printFigures('reconcile: every company of the sandbox account for the last invoiced month (sandbox in its own process)', rows, result);
  } finally {
    await bench.close();
  }
}

await main();
