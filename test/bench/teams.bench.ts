/**
 * Teams benchmark. The bot (`node src/bin.mjs serve` with `MicrosoftAppId`, configured through its
 * environment) and a bare botbuilder bot (`CloudAdapter` + `ActivityHandler` that answers) run in
 * their own processes, both checking every activity's JWT against a local Bot Framework stand-in
 * (OpenID metadata, JWKS, login) and replying through a fake Bot Connector; the Pax8 sandbox runs in
 * a third. This process generates the load, signs the tokens and plays the Bot Connector.
 *
 * Each level sends personal-chat messages (`help`) and card buttons (`adaptiveCard/action` invokes
 * for the second page of help) in bursts of `concurrency`, in rounds taken in turns by the bot and the
 * bare bot (so a busy moment of the machine falls on both), percentiles over every round's samples.
 * Goal: p99 within 1.5× of the bare bot's at 200 concurrent activities. RSS is each server process's
 * own (`VmRSS` idle before the load, once settled; `VmHWM` peak after). Prints a table, then one JSON line.
 *
 * Env: `BENCH_LEVELS` (10,50,100,200), `BENCH_ACTIVITIES` per level, kind and round (400), `BENCH_ROUNDS` (3).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeBotConnector } from '../../src/fakes/bot-connector.ts';
import { startBotFrameworkStandIn } from '../helpers/bot-framework-stand-in.ts';
import { startSandboxProcess } from '../helpers/sandbox-process.ts';
import { idleRssMb, peakRssMb, type ServerProcess, startBareTeamsProcess, startBotProcess } from '../helpers/slack-bench-processes.ts';
import { cardInvoke, personalMessage } from '../helpers/teams-activities.ts';
import { closeTeamsLoad, levelResult, printTeamsBench, runTeamsLevel, type ActivityKind, type TeamsBenchRow, type TeamsLevelSamples } from '../helpers/teams-bench-load.ts';
import { people, tenantId } from '../helpers/teams-harness.ts';

const levels = (process.env['BENCH_LEVELS'] ?? '10,50,100,200').split(',').map(Number);
const activities = Number(process.env['BENCH_ACTIVITIES'] ?? 400);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const appId = '5f0c3b9e-0000-4000-8000-00000000b01d';
const appPassword = 'bench-app-password';
const connectorToken = 'bench-connector-token';
const who = Object.values(people).slice(0, 4);

/** Progress on stderr, so a slow run shows where it is; the table and JSON go to stdout. */
const progress = (what: string) => process.stderr.write(`teams bench: ${what}\n`);

async function main(): Promise<void> {
  const started: ServerProcess[] = [];
  const standIn = await startBotFrameworkStandIn({ appId, appPassword, tenantId, accessToken: connectorToken });
  const connector = createFakeBotConnector({ members: Object.values(people), requiredToken: connectorToken });
  const connectorServer = createServer((req, res) => void connector.handle(req, res));
  connectorServer.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => connectorServer.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connectorServer.address() as AddressInfo).port}/`;
  progress('starting the sandbox');
  const sandbox = await startSandboxProcess(['--seed', '7', '--companies', '30', '--rate-limit', '100000']);
  try {
    const teamsEnv = { MicrosoftAppId: appId, MicrosoftAppPassword: appPassword, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: tenantId, ...standIn.settings };
    const dir = mkdtempSync(join(tmpdir(), 'teams-bench-'));
    writeFileSync(join(dir, 'pax8-chatops.yaml'), 'roles:\n  requesters: ["*"]\npax8:\n  rateLimitPerMinute: 100000\n');
    progress('starting the bot');
    const bot = await startBotProcess(
      {
        DATA_DIR: join(dir, 'data'), CONFIG_FILE: join(dir, 'pax8-chatops.yaml'), LOG_LEVEL: 'info',
        PAX8_CLIENT_ID: sandbox.clientId, PAX8_CLIENT_SECRET: sandbox.clientSecret, PAX8_BASE_URL: sandbox.baseUrl, PAX8_TOKEN_URL: sandbox.tokenUrl,
        ...teamsEnv,
      },
      dir,
    );
    started.push(bot);
    progress('starting the bare botbuilder bot');
    const bare = await startBareTeamsProcess(teamsEnv);
    started.push(bare);
    const token = standIn.token(serviceUrl);
    const activity = (kind: ActivityKind) => (i: number) => {
      const person = who[i % who.length] ?? people.tech;
      return kind === 'message'
        ? personalMessage(serviceUrl, person, 'help')
        : cardInvoke(serviceUrl, person, `a:personal-${person.id}`, `1700000000${i}`, { verb: 'page', command: 'help', page: 2 });
    };
    const level = (url: string, kind: ActivityKind, concurrency: number, count: number) => runTeamsLevel({ serverUrl: url, kind, concurrency, activities: count, activity: activity(kind), token });

    // Settled, as bench:slack measures it: start-up's garbage collected, nothing asked yet.
    const [botIdleRssMb, bareIdleRssMb] = await Promise.all([idleRssMb(bot.pid), idleRssMb(bare.pid)]);
    // Warm-up: JIT, the JWKS and the bot's own token, every member's lookup, keep-alive connections.
    progress('warming up');
    for (const server of [bot, bare]) for (const kind of ['message', 'invoke'] as const) await level(server.url, kind, 20, 100);
    const rows: TeamsBenchRow[] = [];
    for (const concurrency of levels) {
      for (const kind of ['message', 'invoke'] as const) {
        progress(`${concurrency} concurrent ${kind}s`);
        const botSeries: TeamsLevelSamples[] = [];
        const bareSeries: TeamsLevelSamples[] = [];
        for (let round = 0; round < rounds; round += 1) {
          // Who goes first alternates too: the first of a pair meets the garbage the other left least.
          const order = round % 2 === 0 ? ([bot, bare] as const) : ([bare, bot] as const);
          for (const server of order) (server === bot ? botSeries : bareSeries).push(await level(server.url, kind, concurrency, activities));
        }
        rows.push({ bot: levelResult(kind, concurrency, botSeries), bare: levelResult(kind, concurrency, bareSeries) });
      }
    }
    printTeamsBench({ rows, rounds, botRssMb: peakRssMb(bot.pid), bareRssMb: peakRssMb(bare.pid), botIdleRssMb, bareIdleRssMb });
  } finally {
    await closeTeamsLoad();
    for (const server of started.reverse()) await server.close();
    await sandbox.close();
    connectorServer.closeAllConnections();
    await new Promise<void>((resolve) => connectorServer.close(() => resolve()));
    await standIn.close();
  }
}

await main();
