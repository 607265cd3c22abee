/**
 * The Slack benchmark's output: a readable table per level, then, as the last line, one JSON
 * object with the figures at the highest level (DESIGN "Testing": benchmarks end with one JSON line).
 */
import type { LevelResult } from './slack-bench-load.ts';

export interface SlackBenchRow {
  readonly bot: LevelResult;
  readonly bare?: LevelResult;
}

export interface SlackBenchReport {
  readonly latencyMs: number;
  readonly rows: readonly SlackBenchRow[];
  readonly botRssMb: number;
  readonly bareRssMb?: number;
}

/** The goal from the issue: p99 ack under 100 ms at 200 concurrent commands, within 1.5× of bare Bolt. */
export const goal = { concurrency: 200, p99Ms: 100, ratio: 1.5 } as const;

const cell = (value: number | string | undefined, width: number) => String(value ?? '-').padStart(width);

export function printSlackBench(report: SlackBenchReport): void {
  const { rows } = report;
  console.log(`\nSlack ack latency (ms), sandbox at ${report.latencyMs} ms, ${rows[0]?.bot.commands ?? 0} commands per level, each server in its own process`);
  console.log('concurrency | bot p50 | bot p99 | bot max | bare p50 | bare p99 | ratio p99 | bot acks/s | bare acks/s | bot answer p50/p99 | errors | unanswered');
  for (const { bot, bare } of rows) {
    const ratio = bare ? Math.round((bot.p99 / Math.max(bare.p99, 0.1)) * 100) / 100 : undefined;
    console.log(
      [
        cell(bot.concurrency, 11), cell(bot.p50, 7), cell(bot.p99, 7), cell(bot.max, 7), cell(bare?.p50, 8), cell(bare?.p99, 8), cell(ratio, 9),
        cell(bot.throughput, 10), cell(bare?.throughput, 11), cell(`${bot.answerP50}/${bot.answerP99}`, 18), cell(bot.errors + (bare?.errors ?? 0), 6), cell(bot.unanswered + (bare?.unanswered ?? 0), 10),
      ].join(' | '),
    );
  }
  console.log(`peak RSS: bot ${report.botRssMb} MB, bare Bolt ${report.bareRssMb ?? '-'} MB`);
  const top = rows.at(-1);
  if (!top) throw new Error('no levels measured');
  const ratio = top.bare ? Math.round((top.bot.p99 / Math.max(top.bare.p99, 0.1)) * 100) / 100 : null;
  const goalMet = top.bot.concurrency >= goal.concurrency && top.bot.p99 < goal.p99Ms && ratio !== null && ratio <= goal.ratio && top.bot.errors === 0 && top.bot.unanswered === 0;
  console.log(
    JSON.stringify({
      bench: 'slack-ack',
      concurrency: top.bot.concurrency,
      commands: top.bot.commands,
      p50Ms: top.bot.p50,
      p99Ms: top.bot.p99,
      bareP50Ms: top.bare?.p50 ?? null,
      bareP99Ms: top.bare?.p99 ?? null,
      ratio,
      throughput: top.bot.throughput,
      bareThroughput: top.bare?.throughput ?? null,
      answerP99Ms: top.bot.answerP99,
      rssMb: report.botRssMb,
      bareRssMb: report.bareRssMb ?? null,
      goalMet,
    }),
  );
}
