/**
 * Slack acknowledgement benchmark. Four processes, as in production: the bot (`node src/bin.mjs
 * serve`, configured through its environment), the Pax8 sandbox at 300 ms latency, the fake Slack
 * Web API (which records the bot's `response_url` answers), and a bare Bolt app that acknowledges
 * the same signed commands and answers 300 ms later. This process only generates load.
 *
 * Each level sends a fixed number of `/pax8` commands (a mix of `help`, `companies <text>` and
 * `subs <company>`) in bursts of `concurrency`, in rounds taken in turns by the bot, the bot on
 * PostgreSQL and bare Bolt (so a busy moment of the machine falls on all), each series drained
 * (every final answer in) before the next; percentiles are over every round's samples. Slack wants the ack within 3 s; the goal is p99 under
 * 100 ms at 200 concurrent commands and within 1.5× of bare Bolt's p99.
 *
 * Memory: a second bot on PostgreSQL (`DATABASE_URL`, a fresh database on 127.0.0.1:5432 made for
 * the run and dropped after it) takes the same load. Idle RSS is each server's resident memory once
 * started and settled, before any command; peak RSS is its own high-water mark (`VmHWM`) after the
 * last level. The goal: under 200 MB idle and under 400 MB at 200 concurrent commands, on both.
 * Prints the tables, then one JSON line.
 *
 * Env: `BENCH_LEVELS` (10,50,100,200), `BENCH_COMMANDS` per level and round (400), `BENCH_ROUNDS` (3), `BENCH_LATENCY_MS` (300),
 * `BENCH_BOT_NODE_ARGS` (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`), `BENCH_SKIP_BARE=1`,
 * `BENCH_SKIP_POSTGRES=1`, `BENCH_RUNTIME` (`compiled`, the default, as `npm start` runs after
 * `npm ci`; or `sources`, through tsx).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxProcess } from '../helpers/sandbox-process.ts';
import { printSlackBench, type SlackBenchRow } from '../helpers/slack-bench-report.ts';
import { closeLoad, type LevelOptions, type LevelSamples, levelResult, runLevel } from '../helpers/slack-bench-load.ts';
import { benchNodeArgs, idleRssMb, peakRssMb, type ServerProcess, startBareBoltProcess, startBotProcess, startFakeSlackProcess } from '../helpers/slack-bench-processes.ts';
import type { CliRuntime } from '../helpers/cli-runtime.ts';
import { createScratchDatabase, findAdminUrl, type ScratchDatabase } from '../helpers/postgres-admin.ts';
import { signatureSample } from '../helpers/slack-requests.ts';

const levels = (process.env['BENCH_LEVELS'] ?? '10,50,100,200').split(',').map(Number);
const commands = Number(process.env['BENCH_COMMANDS'] ?? 400);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const latencyMs = Number(process.env['BENCH_LATENCY_MS'] ?? 300);
const botNodeArgs = benchNodeArgs();
const skipBare = process.env['BENCH_SKIP_BARE'] === '1';
const skipPostgres = process.env['BENCH_SKIP_POSTGRES'] === '1';
const runtime: CliRuntime = process.env['BENCH_RUNTIME'] === 'sources' ? 'sources' : 'compiled';
const botToken = 'xoxb-bench';
const secret = signatureSample.signing_secret;
const users = Array.from({ length: 20 }, (_, i) => ({ id: `U0BENCH${i}`, name: `tech${i}`, email: `tech${i}@msp.example` }));

/** Company names from the sandbox itself, so `subs <company>` and `companies <text>` find real ones. */
async function companyNames(baseUrl: string, tokenUrl: string): Promise<string[]> {
  const token = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'sandbox', client_secret: 'sandbox', audience: 'https://api.pax8.com', grant_type: 'client_credentials' }),
  });
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  const page = await fetch(`${baseUrl}/companies?size=200`, { headers: { authorization: `Bearer ${accessToken}` } });
  const { content } = (await page.json()) as { content: { name: string }[] };
  return content.map((c) => c.name);
}

/** The mix: a third `help` (answered at once), a third `companies <word>`, a third `subs <company>`. */
function commandText(names: readonly string[]): (i: number) => string {
  return (i) => {
    const name = names[Math.floor(i / 3) % names.length] ?? 'x';
    if (i % 3 === 0) return 'help';
    if (i % 3 === 1) return `companies ${name.split(' ')[0] ?? name}`;
    return `subs ${name}`;
  };
}

/** A fresh PostgreSQL database for the run, or undefined (said loudly) when there is none to be had. */
async function scratchPostgres(): Promise<ScratchDatabase | undefined> {
  if (skipPostgres) return undefined;
  const adminUrl = await findAdminUrl();
  if (adminUrl) return createScratchDatabase(adminUrl, 'slack_bench');
  console.warn('\n*** PostgreSQL is not reachable at 127.0.0.1:5432: the DATABASE_URL bot is SKIPPED ***\n');
  return undefined;
}

async function main(): Promise<void> {
  const started: ServerProcess[] = [];
  const sandbox = await startSandboxProcess(['--seed', '7', '--companies', '30', '--latency-ms', String(latencyMs), '--rate-limit', '100000']);
  const postgres = await scratchPostgres();
  try {
    const names = await companyNames(sandbox.baseUrl, sandbox.tokenUrl);
    const fake = await startFakeSlackProcess(botToken, users);
    started.push(fake);
    const dir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
    // Pax8's real budget is 1000 calls a minute; raised here so answers are not throttled (acks never wait on Pax8).
    writeFileSync(join(dir, 'pax8-chatops.yaml'), 'roles:\n  requesters: ["*"]\npax8:\n  rateLimitPerMinute: 100000\n');
    const botEnv = {
      DATA_DIR: join(dir, 'data'), CONFIG_FILE: join(dir, 'pax8-chatops.yaml'), LOG_LEVEL: 'info',
      PAX8_CLIENT_ID: sandbox.clientId, PAX8_CLIENT_SECRET: sandbox.clientSecret, PAX8_BASE_URL: sandbox.baseUrl, PAX8_TOKEN_URL: sandbox.tokenUrl,
      SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.url,
    };
    const bot = await startBotProcess(botEnv, dir, botNodeArgs, runtime);
    started.push(bot);
    const botIdle = await idleRssMb(bot.pid);
    const pgBot = postgres ? await startBotProcess({ ...botEnv, DATABASE_URL: postgres.url }, dir, botNodeArgs, runtime) : undefined;
    if (pgBot) started.push(pgBot);
    const pgIdle = pgBot ? await idleRssMb(pgBot.pid) : undefined;
    const bare = skipBare ? undefined : await startBareBoltProcess(secret, latencyMs);
    if (bare) started.push(bare);
    const bareIdle = bare ? await idleRssMb(bare.pid) : undefined;

    let runs = 0;
    const level = (serverUrl: string, concurrency: number, count: number) => {
      const options: LevelOptions = { serverUrl, fakeUrl: fake.url, secret, run: `run${(runs += 1)}`, concurrency, commands: count, text: commandText(names), user: (i) => users[i % users.length]?.id ?? 'U0BENCH0' };
      return runLevel(options);
    };
    // Warm-up: JIT, the Pax8 token and company list, every user's users.info, keep-alive connections.
    for (const server of [bot, pgBot, bare]) if (server) await level(server.url, 20, 200);
    const rows: SlackBenchRow[] = [];
    for (const concurrency of levels) {
      const servers = [bot, pgBot, bare].filter((server) => server !== undefined);
      const series = new Map<ServerProcess, LevelSamples[]>(servers.map((server) => [server, []]));
      for (let round = 0; round < rounds; round += 1) {
        // Who goes first turns too: the first of a round meets the garbage the others left least.
        for (let k = 0; k < servers.length; k += 1) {
          const server = servers[(round + k) % servers.length];
          if (server) series.get(server)?.push(await level(server.url, concurrency, commands));
        }
      }
      const figures = (server: ServerProcess | undefined) => (server ? levelResult(series.get(server) ?? []) : undefined);
      const [pgLevel, bareLevel] = [figures(pgBot), figures(bare)];
      rows.push({ bot: levelResult(series.get(bot) ?? []), ...(pgLevel ? { postgres: pgLevel } : {}), ...(bareLevel ? { bare: bareLevel } : {}) });
    }
    printSlackBench({
      latencyMs,
      runtime,
      rows,
      memory: {
        bot: { idleMb: botIdle, peakMb: peakRssMb(bot.pid) },
        ...(pgBot && pgIdle !== undefined ? { postgres: { idleMb: pgIdle, peakMb: peakRssMb(pgBot.pid) } } : {}),
        ...(bare && bareIdle !== undefined ? { bare: { idleMb: bareIdle, peakMb: peakRssMb(bare.pid) } } : {}),
      },
    });
  } finally {
    await closeLoad();
    for (const server of started.reverse()) await server.close();
    await sandbox.close();
    await postgres?.drop();
  }
}

await main();
