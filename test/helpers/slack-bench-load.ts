/**
 * The load generator of the Slack benchmark: signed `/pax8` commands in bursts of `concurrency`
 * (all sent at once, the next burst when every ack of this one is in, like that many people typing
 * at the same moment, again and again), `commands` per level. The ack latency of a command is the
 * time from sending its HTTP request to having its HTTP response: Slack's 3-second clock. After
 * the last burst the level drains: it waits until every command's final answer has reached the fake
 * Slack's `response_url`, so one level's follow-up work never lands in the next level.
 *
 * @see https://api.slack.com/interactivity/slash-commands#responding_to_commands
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { sign, slashCommandBody } from './slack-requests.ts';

export interface LevelResult {
  readonly concurrency: number;
  readonly commands: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Acknowledged commands per second over the bursts. */
  readonly throughput: number;
  readonly errors: number;
  /** From sending a command to its final answer at the `response_url`. */
  readonly answerP50: number;
  readonly answerP99: number;
  readonly unanswered: number;
}

/** What one series of bursts measured: each acknowledged command's ack time and final answer time (ms), the errors and unanswered. */
export interface LevelSamples {
  readonly concurrency: number;
  readonly acks: readonly number[];
  readonly answerMs: readonly number[];
  readonly errors: number;
  readonly unanswered: number;
  readonly elapsedMs: number;
}

export interface LevelOptions {
  readonly serverUrl: string;
  /** The fake Slack's base (`SLACK_API_URL`), which hands out `response_url`s and reports answers. */
  readonly fakeUrl: string;
  readonly secret: string;
  readonly run: string;
  readonly concurrency: number;
  readonly commands: number;
  /** Command text for the i-th command (`help`, `companies ...`, `subs ...`). */
  readonly text: (i: number) => string;
  readonly user: (i: number) => string;
  readonly drainTimeoutMs?: number;
}

const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round1 = (n: number) => Math.round(n * 10) / 10;

async function getJson<T>(url: string): Promise<T> {
  const response = await request(url, { dispatcher });
  return (await response.body.json()) as T;
}

/** Sends one prepared command; resolves with its ack latency, or `undefined` when it was not a 200. */
async function send(url: string, body: string, secret: string): Promise<number | undefined> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(secret, timestamp, body) };
  const t0 = performance.now();
  try {
    const response = await request(`${url}/slack/events`, { method: 'POST', headers, body, dispatcher });
    await response.body.dump();
    const ms = performance.now() - t0;
    return response.statusCode === 200 ? ms : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until every command of `run` has its final answer (or the timeout); their arrival times, epoch ms. */
async function drain(fakeUrl: string, run: string, timeoutMs: number): Promise<(number | null)[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { answers } = await getJson<{ answers: (number | null)[] }>(`${fakeUrl}__bench/answers?run=${run}`);
    if (answers.every((at) => at !== null) || Date.now() > until) return answers;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * One level: one unmeasured burst first (it opens this level's connections, as the previous level
 * may have had fewer and idle ones are closed by the server), then bursts until `commands` are
 * acknowledged, then drained.
 */
export async function runLevel(o: LevelOptions): Promise<LevelSamples> {
  const total = o.commands + o.concurrency;
  const urls = await getJson<string[]>(`${o.fakeUrl}__bench/response-urls?run=${o.run}&count=${total}`);
  const bodies = urls.map((responseUrl, i) => slashCommandBody({ user: o.user(i), channel: 'C0BENCH', text: o.text(i), responseUrl }));
  const sentAt: number[] = [];
  const acks: number[] = [];
  let errors = 0;
  let started = performance.now();
  for (let first = 0; first < total; first += o.concurrency) {
    if (first === o.concurrency) {
      // The opening burst is done: measure from here.
      acks.length = 0;
      errors = 0;
      started = performance.now();
    }
    const burst = bodies.slice(first, first + o.concurrency);
    await Promise.all(
      burst.map(async (body, j) => {
        sentAt[first + j] = Date.now();
        const ms = await send(o.serverUrl, body, o.secret);
        if (ms === undefined) errors += 1;
        else acks.push(ms);
      }),
    );
  }
  const elapsed = performance.now() - started;
  const answers = await drain(o.fakeUrl, o.run, o.drainTimeoutMs ?? 120_000);
  const answerMs = answers.flatMap((at, i) => (at === null || i < o.concurrency ? [] : [at - (sentAt[i] ?? at)]));
  return { concurrency: o.concurrency, acks, answerMs, errors, unanswered: answers.filter((at) => at === null).length, elapsedMs: elapsed };
}

/**
 * One level's figures from the series run at it (several rounds, taken in turns with the other
 * servers, so a busy moment of the machine falls on all): percentiles over every sample of every round.
 */
export function levelResult(series: readonly LevelSamples[]): LevelResult {
  const acks = series.flatMap((s) => s.acks).sort((a, b) => a - b);
  const answerMs = series.flatMap((s) => s.answerMs).sort((a, b) => a - b);
  const elapsedMs = series.reduce((sum, s) => sum + s.elapsedMs, 0);
  return {
    concurrency: series[0]?.concurrency ?? 0,
    commands: acks.length + series.reduce((sum, s) => sum + s.errors, 0),
    p50: round1(percentile(acks, 50)),
    p99: round1(percentile(acks, 99)),
    max: round1(acks.at(-1) ?? 0),
    throughput: Math.round(acks.length / (elapsedMs / 1000)),
    errors: series.reduce((sum, s) => sum + s.errors, 0),
    answerP50: Math.round(percentile(answerMs, 50)),
    answerP99: Math.round(percentile(answerMs, 99)),
    unanswered: series.reduce((sum, s) => sum + s.unanswered, 0),
  };
}

/** Closes the load generator's connections. */
export const closeLoad = (): Promise<void> => dispatcher.close();
