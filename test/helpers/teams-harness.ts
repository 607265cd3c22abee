import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { expect, vi } from 'vitest';
import type { FakeBotConnector, FakeTeamsMember, StoredActivity } from '../../src/fakes/bot-connector.ts';
import { personalMessage } from './teams-activities.ts';
import { createLogger, createSilentLogger, type Logger } from '../../src/log.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';

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
 */
export async function startTeamsHarness(options: { roles?: string; log?: Logger } = {}): Promise<TeamsHarness> {
  const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'teams-bot-')) }, () => options.roles ?? defaultRoles);
  const log = options.log ?? (process.env.TEAMS_TEST_LOG ? createLogger({ level: 'debug', destination: process.stderr }) : createSilentLogger());
  const bot = await startBot(config, log);
  if (!bot.console) throw new Error('expected console mode: no chat credentials are set');
  const connector = bot.console.fakes.teams;
  for (const member of Object.values(people)) connector.addMember(member);
  const messagesUrl = `${bot.url}/api/messages`;
  return {
    bot,
    connector,
    serviceUrl: bot.console.teamsServiceUrl,
    messagesUrl,
    post: (activity, headers = {}) => fetch(messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) }),
    close: () => bot.close(),
  };
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
