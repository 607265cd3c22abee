/**
 * The stage of the faults benchmark: the Pax8 sandbox in its own process, the bot as `npm start`
 * runs it in another (`node src/bin.mjs serve`, configured through its environment only, so it can
 * be killed with SIGKILL and started again on the same data), and in this process the fakes the bot
 * talks to: the Slack Web API, the Bot Connector and the Bot Framework's identity side (tokens signed
 * with a real RSA key). The bot's clock follows the sandbox's (`SANDBOX_CLOCK_URL`), so the bench
 * can move time past the execution lease and the settle window once the faults are over.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createFakeBotConnector, type FakeBotConnector, type FakeTeamsMember } from '../../src/fakes/bot-connector.ts';
import { type FakeSlackWebApi, startFakeSlackWebApi } from '../../src/fakes/slack-web-api.ts';
import type { SandboxAddress } from '../../src/sandbox/index.ts';
import { type BotFrameworkStandIn, startBotFrameworkStandIn } from './bot-framework-stand-in.ts';
import { startSandboxProcess } from './sandbox-process.ts';
import { peakRssMb, type ServerProcess, startBotProcess } from './slack-bench-processes.ts';
import { signatureSample } from './slack-requests.ts';

export const approvalsChannel = 'C0APPROVALS';
export const teamChannel = '19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2';
export const teamsTenantId = '50612dbb-0237-4969-b378-8d42590f9c00';
const botToken = 'xoxb-faults-bench';
const appId = '5f0c3b9e-0000-4000-8000-00000000fb01';
const appPassword = 'faults-bench-app-password';
const connectorToken = 'faults-bench-connector-token';

/** One person on both platforms: a Slack user and a Teams member sharing the e-mail roles are keyed by. */
export interface Person {
  readonly email: string;
  readonly slack: { readonly id: string; readonly name: string; readonly email: string; readonly realName: string };
  readonly teams: FakeTeamsMember;
}

function person(key: string, name: string, email: string): Person {
  return {
    email,
    slack: { id: `U0${key.toUpperCase()}`, name: key, email, realName: name },
    teams: { id: `29:${key}`, name, aadObjectId: `00000000-0000-4000-8000-${key.padStart(12, '0')}`, email, userPrincipalName: email },
  };
}

export const people = {
  tim: person('tim', 'Tim Tech', 'tim@msp.example'),
  tess: person('tess', 'Tess Tech', 'tess@msp.example'),
  ann: person('ann', 'Ann Approver', 'ann@msp.example'),
  bob: person('bob', 'Bob Approver', 'bob@msp.example'),
  ada: person('ada', 'Ada Admin', 'ada@msp.example'),
};

export type Database = { readonly kind: 'pglite'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly url: string; readonly name: string; readonly adminUrl: string };

export interface StageOptions {
  readonly companies: number;
  readonly database: 'pglite' | 'postgres';
  /** The bot's Pax8 timeout: a hanging request becomes an `unknown` write after this long. */
  readonly pax8TimeoutMs?: number;
}

/** The bot's process across restarts: `url` and `pid` are the current incarnation's. */
export interface BotUnderTest {
  readonly url: string;
  readonly pid: number;
  /** Peak RSS (MB) of any incarnation so far. */
  peakRssMb(): number;
  /** SIGKILL: no shutdown, in-flight work abandoned. */
  kill9(): Promise<void>;
  /** Starts it again on the same data. */
  restart(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export interface Stage {
  readonly sandbox: SandboxAddress;
  readonly slack: FakeSlackWebApi;
  readonly connector: FakeBotConnector;
  readonly serviceUrl: string;
  readonly standIn: BotFrameworkStandIn;
  readonly database: Database;
  readonly bot: BotUnderTest;
  readonly signingSecret: string;
  /** The admin API of the sandbox (`/__sandbox/...`). */
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** `postgresql://…/test` admin URLs, as the store suites find them. */
async function postgresAdminUrl(): Promise<string | undefined> {
  const candidates = process.env.TEST_POSTGRES_URL ? [process.env.TEST_POSTGRES_URL] : ['postgres', 'root'].map((u) => `postgresql://${u}@127.0.0.1:5432/test`);
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return url;
    } catch {
      // next
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}

/** Whether PostgreSQL at 127.0.0.1:5432 can be used for a dedicated database. */
export const postgresAvailable = async (): Promise<boolean> => (await postgresAdminUrl()) !== undefined;

/** One statement on its own connection; its rows. */
export async function adminSql(adminUrl: string, sql: string, params: unknown[] = []): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<pg.QueryResultRow>(sql, params);
    return result.rows;
  } finally {
    await client.end();
  }
}

async function createDatabase(kind: 'pglite' | 'postgres', dir: string): Promise<Database> {
  if (kind === 'pglite') return { kind, dataDir: join(dir, 'data') };
  const adminUrl = await postgresAdminUrl();
  if (!adminUrl) throw new Error('PostgreSQL is not reachable at 127.0.0.1:5432 (set TEST_POSTGRES_URL, or run with --db pglite)');
  const name = `faults_bench_${process.pid}_${Date.now().toString(36)}`;
  await adminSql(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { kind, url: url.toString(), name, adminUrl };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function botUnderTest(env: Record<string, string>, cwd: string): Promise<BotUnderTest> {
  let current: ServerProcess;
  let peak = 0;
  const remember = () => {
    peak = Math.max(peak, peakRssMb(current.pid));
  };
  const start = async () => {
    current = await startBotProcess(env, cwd);
  };
  return start().then(() => ({
    get url() {
      return current.url;
    },
    get pid() {
      return current.pid;
    },
    peakRssMb() {
      remember();
      return peak;
    },
    async kill9() {
      remember();
      await current.kill('SIGKILL');
    },
    restart: start,
    async stop() {
      remember();
      await current.close();
    },
  }));
}

export async function startStage(options: StageOptions): Promise<Stage> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const sandbox = await startSandboxProcess(['--seed', '7', '--companies', String(options.companies), '--rate-limit', '100000']);
    closers.push(() => sandbox.close());
    const all = Object.values(people);
    const slack = await startFakeSlackWebApi({ botToken, users: all.map((p) => p.slack) });
    closers.push(() => slack.close());
    const connector = createFakeBotConnector({ members: all.map((p) => p.teams), requiredToken: connectorToken });
    const connectorServer = await listen((req, res) => void connector.handle(req, res));
    closers.push(() => connectorServer.close());
    const standIn = await startBotFrameworkStandIn({ appId, appPassword, tenantId: teamsTenantId, accessToken: connectorToken });
    closers.push(() => standIn.close());

    const dir = mkdtempSync(join(tmpdir(), 'faults-bench-'));
    const database = await createDatabase(options.database, dir);
    if (database.kind === 'postgres') closers.push(async () => void (await adminSql(database.adminUrl, `DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`)));
    const configFile = join(dir, 'pax8-chatops.yaml');
    writeFileSync(
      configFile,
      [
        'roles:',
        `  admins: [${people.ada.email}]`,
        `  approvers: [${people.ann.email}, ${people.bob.email}]`,
        '  requesters: ["*"]',
        'approvals:',
        '  secondApproverAbove: null',
        'slack:',
        `  approvalsChannel: ${approvalsChannel}`,
        'teams:',
        `  approvalsConversationId: "${teamChannel}"`,
        'pax8:',
        '  rateLimitPerMinute: 100000',
        `  timeoutMs: ${options.pax8TimeoutMs ?? 3000}`,
        '',
      ].join('\n'),
    );
    const env: Record<string, string> = {
      CONFIG_FILE: configFile,
      LOG_LEVEL: 'info',
      ...(database.kind === 'pglite' ? { DATA_DIR: database.dataDir } : { DATA_DIR: join(dir, 'data'), DATABASE_URL: database.url }),
      PAX8_CLIENT_ID: sandbox.clientId,
      PAX8_CLIENT_SECRET: sandbox.clientSecret,
      PAX8_BASE_URL: sandbox.baseUrl,
      PAX8_TOKEN_URL: sandbox.tokenUrl,
      SANDBOX_CLOCK_URL: sandbox.url,
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signatureSample.signing_secret,
      SLACK_API_URL: slack.apiUrl,
      MicrosoftAppId: appId,
      MicrosoftAppPassword: appPassword,
      MicrosoftAppTenantId: teamsTenantId,
      ...standIn.settings,
    };
    const bot = await botUnderTest(env, dir);
    closers.push(() => bot.stop());
    return {
      sandbox,
      slack: slack.fake,
      connector,
      serviceUrl: connectorServer.url,
      standIn,
      database,
      bot,
      signingSecret: signatureSample.signing_secret,
      async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
        const response = await fetch(`${sandbox.url}/__sandbox/${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
        const text = await response.text();
        if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${text}`);
        return (text === '' ? undefined : JSON.parse(text)) as T;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
