/**
 * The Slack benchmark's output: a readable table per level, then, as the last line, one JSON
 * object with the figures at the highest level (DESIGN "Testing": benchmarks end with one JSON line).
 */
import type { LevelResult } from './slack-bench-load.ts';

export interface SlackBenchRow {
  readonly bot: LevelResult;
  /** The same bot on PostgreSQL (`DATABASE_URL`). */
  readonly postgres?: LevelResult;
  readonly bare?: LevelResult;
}

/** A server's resident memory: once started and settled, and its high-water mark after the last level. */
export interface ServerMemory {
  readonly idleMb: number;
  readonly peakMb: number;
}

export interface SlackBenchReport {
  readonly latencyMs: number;
  /** How the bot ran: the compiled build (`npm start` after `npm ci`) or the sources through tsx. */
  readonly runtime: string;
  readonly rows: readonly SlackBenchRow[];
  readonly memory: { readonly bot: ServerMemory; readonly postgres?: ServerMemory; readonly bare?: ServerMemory };
}

/** The goal from the issue: p99 ack under 100 ms at 200 concurrent commands, within 1.5× of bare Bolt. */
export const goal = { concurrency: 200, p99Ms: 100, ratio: 1.5 } as const;

/** The memory goal from the issue, for the bot on embedded PGlite and on PostgreSQL alike. */
export const memoryGoal = { idleMb: 200, peakMb: 400 } as const;

const withinMemoryGoal = (m: ServerMemory | undefined) => m !== undefined && m.idleMb > 0 && m.idleMb < memoryGoal.idleMb && m.peakMb < memoryGoal.peakMb;

function printMemory(report: SlackBenchReport): void {
  const { bot, postgres, bare } = report.memory;
  console.log(`\nResident memory (MB), bot run ${report.runtime === 'sources' ? 'from the sources through tsx' : 'compiled (dist/)'}; goal under ${memoryGoal.idleMb} idle, under ${memoryGoal.peakMb} peak`);
  console.log('server                    | idle RSS | peak RSS');
  const line = (name: string, m: ServerMemory | undefined) => console.log(`${name.padEnd(25)} | ${cell(m?.idleMb, 8)} | ${cell(m?.peakMb, 8)}`);
  line('bot, embedded PGlite', bot);
  line('bot, DATABASE_URL', postgres);
  line('bare Bolt', bare);
}

const cell = (value: number | string | undefined, width: number) => String(value ?? '-').padStart(width);

export function printSlackBench(report: SlackBenchReport): void {
  const { rows } = report;
  console.log(`\nSlack ack latency (ms), sandbox at ${report.latencyMs} ms, ${rows[0]?.bot.commands ?? 0} commands per level (in rounds taken in turns), each server in its own process`);
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
  if (rows.some((r) => r.postgres)) {
    console.log('\nThe same bot on PostgreSQL (DATABASE_URL)');
    console.log('concurrency | pg p50 | pg p99 | pg max | pg acks/s | pg answer p50/p99 | errors | unanswered');
    for (const { postgres: pg } of rows) {
      if (pg) console.log([cell(pg.concurrency, 11), cell(pg.p50, 6), cell(pg.p99, 6), cell(pg.max, 6), cell(pg.throughput, 9), cell(`${pg.answerP50}/${pg.answerP99}`, 17), cell(pg.errors, 6), cell(pg.unanswered, 10)].join(' | '));
    }
  }
  printMemory(report);
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
      pgP99Ms: top.postgres?.p99 ?? null,
      runtime: report.runtime,
      idleRssMb: report.memory.bot.idleMb,
      rssMb: report.memory.bot.peakMb,
      pgIdleRssMb: report.memory.postgres?.idleMb ?? null,
      pgRssMb: report.memory.postgres?.peakMb ?? null,
      bareIdleRssMb: report.memory.bare?.idleMb ?? null,
      bareRssMb: report.memory.bare?.peakMb ?? null,
      goalMet,
      memoryGoalMet: top.bot.concurrency >= goal.concurrency && withinMemoryGoal(report.memory.bot) && withinMemoryGoal(report.memory.postgres),
    }),
  );
}
