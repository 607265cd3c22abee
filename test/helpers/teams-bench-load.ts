/**
 * The load generator of the Teams benchmark: activities POSTed to `/api/messages` in bursts of
 * `concurrency` (all at once, the next burst when every answer of this one is in), each with a Bot
 * Framework token signed by the stand-in. The latency of an activity is the time from sending it to
 * having its HTTP response: for a message, the turn including its reply to the Bot Connector; for a
 * card button (`adaptiveCard/action` invoke), the card Teams shows.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { percentile } from './slack-bench-load.ts';

export type ActivityKind = 'message' | 'invoke';

export interface TeamsLevelResult {
  readonly kind: ActivityKind;
  readonly concurrency: number;
  readonly activities: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly throughput: number;
  readonly errors: number;
}

/** What one burst series measured: every answered activity's latency, the errors and the time it took. */
export interface TeamsLevelSamples {
  readonly times: readonly number[];
  readonly errors: number;
  readonly elapsedMs: number;
}

export interface TeamsLevelOptions {
  readonly serverUrl: string;
  readonly kind: ActivityKind;
  readonly concurrency: number;
  readonly activities: number;
  /** The i-th activity (fresh ids each time: the bot drops repeats). */
  readonly activity: (i: number) => Record<string, unknown>;
  readonly token: string;
}

const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 512 });
const round1 = (n: number) => Math.round(n * 10) / 10;

async function send(url: string, body: string, token: string): Promise<number | undefined> {
  const t0 = performance.now();
  try {
    const response = await request(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, dispatcher });
    await response.body.dump();
    return response.statusCode === 200 ? performance.now() - t0 : undefined;
  } catch {
    return undefined;
  }
}

/** One series: an unmeasured opening burst (it opens this level's connections), then bursts until `activities` are answered. */
export async function runTeamsLevel(o: TeamsLevelOptions): Promise<TeamsLevelSamples> {
  const total = o.activities + o.concurrency;
  const bodies = Array.from({ length: total }, (_, i) => JSON.stringify(o.activity(i)));
  const times: number[] = [];
  let errors = 0;
  let started = performance.now();
  for (let first = 0; first < total; first += o.concurrency) {
    if (first === o.concurrency) {
      times.length = 0;
      errors = 0;
      started = performance.now();
    }
    await Promise.all(
      bodies.slice(first, first + o.concurrency).map(async (body) => {
        const ms = await send(o.serverUrl, body, o.token);
        if (ms === undefined) errors += 1;
        else times.push(ms);
      }),
    );
  }
  return { times, errors, elapsedMs: performance.now() - started };
}

/**
 * One level's figures from the series run at it (several rounds, taken in turns with the peer, so a
 * moment of a busy machine falls on both): percentiles over every sample of every round.
 */
export function levelResult(kind: ActivityKind, concurrency: number, series: readonly TeamsLevelSamples[]): TeamsLevelResult {
  const times = series.flatMap((s) => s.times).sort((a, b) => a - b);
  const elapsedMs = series.reduce((sum, s) => sum + s.elapsedMs, 0);
  return {
    kind,
    concurrency,
    activities: times.length,
    p50: round1(percentile(times, 50)),
    p99: round1(percentile(times, 99)),
    max: round1(times.at(-1) ?? 0),
    throughput: Math.round(times.length / (elapsedMs / 1000)),
    errors: series.reduce((sum, s) => sum + s.errors, 0),
  };
}

export interface TeamsBenchRow {
  readonly bot: TeamsLevelResult;
  readonly bare: TeamsLevelResult;
}

/** The goal from the issue: p99 within 1.5× of the bare botbuilder bot's at 200 concurrent activities. */
export const teamsGoal = { concurrency: 200, ratio: 1.5 } as const;

const cell = (value: number | string | undefined, width: number) => String(value ?? '-').padStart(width);
const ratioOf = (row: TeamsBenchRow) => Math.round((row.bot.p99 / Math.max(row.bare.p99, 0.1)) * 100) / 100;

/** A readable table per level and kind, then, as the last line, one JSON object with the figures at the highest level. */
export function printTeamsBench(report: { readonly rows: readonly TeamsBenchRow[]; readonly rounds: number; readonly botRssMb: number; readonly bareRssMb: number; readonly botIdleRssMb: number; readonly bareIdleRssMb: number }): void {
  const { rows } = report;
  console.log(`\nTeams activity latency (ms, POST /api/messages to its HTTP answer), ${rows[0]?.bot.activities ?? 0} activities per level and kind (${report.rounds} rounds, taken in turns with the bare bot), JWT checked, each server in its own process`);
  console.log('concurrency | kind    | bot p50 | bot p99 | bot max | bare p50 | bare p99 | ratio p99 | bot /s | bare /s | errors');
  for (const row of rows) {
    const { bot, bare } = row;
    console.log(
      [cell(bot.concurrency, 11), bot.kind.padEnd(7), cell(bot.p50, 7), cell(bot.p99, 7), cell(bot.max, 7), cell(bare.p50, 8), cell(bare.p99, 8), cell(ratioOf(row), 9), cell(bot.throughput, 6), cell(bare.throughput, 7), cell(bot.errors + bare.errors, 6)].join(' | '),
    );
  }
  console.log(`RSS: bot idle ${report.botIdleRssMb} MB, peak ${report.botRssMb} MB; bare botbuilder idle ${report.bareIdleRssMb} MB, peak ${report.bareRssMb} MB`);
  const top = Math.max(...rows.map((r) => r.bot.concurrency));
  const at = (kind: ActivityKind) => rows.find((r) => r.bot.concurrency === top && r.bot.kind === kind);
  const message = at('message');
  const invoke = at('invoke');
  if (!message || !invoke) throw new Error('no levels measured');
  const figures = (row: TeamsBenchRow) => ({ p50Ms: row.bot.p50, p99Ms: row.bot.p99, bareP50Ms: row.bare.p50, bareP99Ms: row.bare.p99, ratio: ratioOf(row), errors: row.bot.errors + row.bare.errors });
  const goalMet = top >= teamsGoal.concurrency && [message, invoke].every((row) => ratioOf(row) <= teamsGoal.ratio && row.bot.errors === 0 && row.bare.errors === 0);
  console.log(JSON.stringify({ bench: 'teams', concurrency: top, activities: message.bot.activities, rounds: report.rounds, message: figures(message), invoke: figures(invoke), rssMb: report.botRssMb, idleRssMb: report.botIdleRssMb, bareRssMb: report.bareRssMb, bareIdleRssMb: report.bareIdleRssMb, goalMet }));
}

export const closeTeamsLoad = (): Promise<void> => dispatcher.close();
