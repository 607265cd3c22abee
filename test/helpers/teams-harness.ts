import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { expect, vi } from 'vitest';
import { createFakeBotConnector, type FakeBotConnector, type FakeTeamsMember, type StoredActivity } from '../../src/fakes/bot-connector.ts';
import { botAddedToTeam, channelMention, personalMessage } from './teams-activities.ts';
import { createLogger, createSilentLogger, type Logger } from '../../src/log.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';
import { seededTenantLinks } from './seeded-tenant-links.ts';

const samples = join(import.meta.dirname, '..', 'reference', 'samples', 'teams');
type Json = Record<string, unknown>;
export const sample = (name: string): Json => JSON.parse(readFileSync(join(samples, name), 'utf8')) as Json;

export const botId = '28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8';
export const tenantId = '50612dbb-0237-4969-b378-8d42590f9c00';
export const teamChannel = '19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2';

const member = (key: string, name: string, email: string): FakeTeamsMember => ({ id: `29:${key}`, name, aadObjectId: `00000000-0000-4000-8000-${key.padStart(12, '0')}`, email, userPrincipalName: email });
/** People of the test team: roles come from `defaultRoles` below (or a test's own), by e-mail. */
export const people = {
  admin: member('ada', 'Ada Admin', 'admin@msp.example'),
  ann: member('ann', 'Ann Approver', 'ann@msp.example'),
  bob: member('bob', 'Bob Approver', 'bob@msp.example'),
  tech: member('tim', 'Tim Tech', 'tech@msp.example'),
  eve: member('eve', 'Eve Else', 'eve@elsewhere.example'),
};
const defaultRoles = 'roles:\n  admins: [admin@msp.example]\n  approvers: [ann@msp.example, bob@msp.example]\n  requesters: ["*"]\n';

export interface TeamsHarness {
  readonly bot: RunningBot;
  readonly connector: FakeBotConnector;
  readonly serviceUrl: string;
  readonly messagesUrl: string;
  /** The sandbox the bot reaches (its own, or the one `unlinkedTenants` started): admin endpoints under `/__sandbox`. */
  readonly sandboxUrl: string;
  /** Companies whose seeded tenant was left unlinked (`unlinkedTenants`); none otherwise. */
  readonly unlinkedCompanies: readonly string[];
  post(activity: Json, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The whole bot from a config, as `npm start` runs it with no chat credentials: the sandbox, the
 * store, the approvals engine, the card delivery and the Teams adapter without an app id (the
 * console's mode). Activities are posted to its `/api/messages`; their `serviceUrl` is the console's
 * fake Bot Connector (the only one console mode accepts), which knows the people above besides the
 * console's own, so every reply, proactive post and update lands there and is recorded.
 * `TEAMS_TEST_LOG=1` shows the bot's log on stderr.
 *
 * `unlinkedTenants: N` runs the bot against a sandbox of its own (seed 7, 30 companies) as a
 * configured Pax8 account and Microsoft app, its seeded tenants linked in `microsoft.tenants` but
 * the last N (their companies have no tenant), the bot's clock following the sandbox's.
 */
/** The bot is added to the team and the admin says `approvals here` in its channel: approval cards go there from now on. */
export async function approvalsHere(h: Pick<TeamsHarness, 'post' | 'serviceUrl' | 'bot'>): Promise<void> {
  expect((await h.post(botAddedToTeam(h.serviceUrl))).status).toBe(200);
  expect((await h.post(channelMention(h.serviceUrl, people.admin, 'approvals here'))).status).toBe(200);
  await vi.waitFor(async () => expect(await h.bot.store.chatRefs.getConversation('teams', 'approvals-channel')).toBeDefined(), { timeout: 20_000 });
}

export async function startTeamsHarness(options: { roles?: string; log?: Logger; unlinkedTenants?: number } = {}): Promise<TeamsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'teams-bot-'));
  const own = options.unlinkedTenants === undefined ? undefined : await ownSandbox(options.unlinkedTenants);
  const configText = `${options.roles ?? defaultRoles}${own?.links ?? ''}`;
  const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dir, ...own?.env }, () => configText);
  const log = options.log ?? (process.env.TEAMS_TEST_LOG ? createLogger({ level: 'debug', destination: process.stderr }) : createSilentLogger());
  const bot = await startBot(config, log).catch(async (error: unknown) => {
    await own?.sandbox.close();
    throw error;
  });
  if (!bot.console) throw new Error('expected console mode: no chat credentials are set');
  const connector = bot.console.fakes.teams;
  for (const member of Object.values(people)) connector.addMember(member);
  const messagesUrl = `${bot.url}/api/messages`;
  return {
    bot,
    connector,
    serviceUrl: bot.console.teamsServiceUrl,
    messagesUrl,
    sandboxUrl: own?.sandbox.url ?? bot.sandbox?.url ?? '',
    unlinkedCompanies: own?.unlinked ?? [],
    post: (activity, headers = {}) => fetch(messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) }),
    close: async () => {
      await bot.close();
      await own?.sandbox.close();
    },
  };
}

/** A sandbox for `unlinkedTenants`, with the environment and tenant links that point the bot at it. */
async function ownSandbox(leaveUnlinked: number): Promise<{ sandbox: Sandbox; env: Record<string, string>; links: string; unlinked: string[] }> {
  const sandbox = await startSandbox({ port: 0, seed: 7, companies: 30 });
  const { text, unlinked } = await seededTenantLinks(sandbox, false, leaveUnlinked);
  const env = {
    PAX8_CLIENT_ID: sandbox.clientId,
    PAX8_CLIENT_SECRET: sandbox.clientSecret,
    PAX8_BASE_URL: sandbox.baseUrl,
    PAX8_TOKEN_URL: sandbox.tokenUrl,
    SANDBOX_CLOCK_URL: sandbox.url,
    MICROSOFT_CLIENT_ID: sandbox.microsoft.clientId,
    MICROSOFT_CLIENT_SECRET: sandbox.microsoft.clientSecret,
    MICROSOFT_LOGIN_URL: sandbox.microsoft.loginUrl,
    GRAPH_BASE_URL: sandbox.microsoft.graphBaseUrl,
  };
  return { sandbox, env, links: text, unlinked };
}

/** A person's personal chat with the bot, as the harness's activities name it. */
export const personalChatOf = (who: { readonly id: string }): string => `a:personal-${who.id}`;

/** The Adaptive Card a message carries, as JSON text (what tests match answers against). */
export const cardTextOf = (m: StoredActivity | undefined): string => JSON.stringify((m?.activity.attachments as { content?: unknown }[] | undefined)?.[0]?.content ?? {});

/**
 * Says `text` to the bot in `who`'s personal chat and waits for a new bot message there whose card
 * matches `answer` (so past the "working" card), as it is then: the fake keeps each message's current state.
 */
export async function askPrivately(h: TeamsHarness, who: FakeTeamsMember, text: string, answer: RegExp): Promise<StoredActivity> {
  const before = h.connector.messages(personalChatOf(who)).map((m) => m.id);
  expect((await h.post(personalMessage(h.serviceUrl, who, text))).status).toBe(200);
  return vi.waitFor(
    () => {
      const found = h.connector.messages(personalChatOf(who)).find((m) => !before.includes(m.id) && answer.test(cardTextOf(m)));
      if (!found) throw new Error(`no answer to "${text}" yet`);
      return structuredClone(found);
    },
    { timeout: 20_000, interval: 50 },
  );
}

/**
 * A fake Bot Connector on its own port that takes only `requiredToken` (the bot's own token from
 * the login), knowing the harness's people: for bots started with an app id and real tokens.
 */
export async function startBotConnector(requiredToken: string): Promise<{ connector: FakeBotConnector; serviceUrl: string; close: () => Promise<void> }> {
  const connector = createFakeBotConnector({ members: Object.values(people), requiredToken });
  const server = createServer((req, res) => void connector.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    connector,
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
