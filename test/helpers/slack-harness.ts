/**
 * The whole bot started from a config (`startBot`) with Slack on: Pax8 is the sandbox over HTTP,
 * the Slack Web API is the fake over HTTP, requests come in signed over HTTP. Tests assert on what
 * the fake recorded, what the sandbox wrote and what the store holds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type FakeSlackMessage, startFakeSlackWebApi } from '../../src/fakes/slack-web-api.ts';
import { createLogger, createSilentLogger } from '../../src/log.ts';
import { type SandboxOptions, startSandbox } from '../../src/sandbox/index.ts';
import { startBot } from '../../src/start-bot.ts';
import { seededTenantLinks } from './seeded-tenant-links.ts';
import { type Button, blockActionBody, postSigned, signatureSample, slashCommandBody, viewSubmissionBody } from './slack-requests.ts';

export const slackPeople = {
  tech: { id: 'U0TECH', name: 'tim', email: 'tech@msp.example', realName: 'Tim Tech' },
  ann: { id: 'U0ANN', name: 'ann', email: 'ann@msp.example', realName: 'Ann Approver' },
  bob: { id: 'U0BOB', name: 'bob', email: 'bob@msp.example', realName: 'Bob Approver' },
  anon: { id: 'U0ANON', name: 'anon' },
  admin: { id: 'U0ADMIN', name: 'ada', email: 'admin@msp.example', realName: 'Ada Admin' },
} as const;

/** The roles every harness starts with unless a test gives its own `roles:` block. */
export const defaultRoles = 'roles:\n  admins: [admin@msp.example]\n  approvers: [ann@msp.example, bob@msp.example]\n  requesters: ["*"]\n';

export const approvalsChannel = 'C0APPROVALS';
export const generalChannel = 'C0GENERAL';
export const botToken = 'xoxb-test-token';
export const appToken = 'xapp-1-A0PAX8-test-token';

/**
 * The Pax8 webhook `authorization` values `pax8Webhooks: true` gives the bot: one per account
 * (`PAX8_WEBHOOK_AUTHORIZATION` for one account; `main` and `second` name their own with two).
 */
export const pax8WebhookValues = { PAX8_WEBHOOK_AUTHORIZATION: 'pax8-hook-main-3f9c1e', PAX8_MAIN_HOOK: 'pax8-hook-main-3f9c1e', PAX8_SECOND_HOOK: 'pax8-hook-second-7a2d4b' } as const;

/** Microsoft products need these provisioning details (see the sandbox rules). */
export const msDetails = 'msCustExists=no msDomain=cedardental mca2020FirstName=Cara mca2020LastName=Cedar mca2020Email=cara@cedar.example mca2020EffectiveDate=2026-11-01';

export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The button with a verb in a message's blocks. */
export function buttonIn(message: FakeSlackMessage, verb: string): Button | undefined {
  return buttonWhere(message, (b) => b.action_id === verb || b.action_id.startsWith(`${verb}#`));
}

/** The first button of a message for which `pick` holds: e.g. the one a list row's Seats carries, by label and value. */
export function buttonWhere(message: FakeSlackMessage, pick: (button: Button) => boolean): Button | undefined {
  for (const block of message.blocks as { type?: string; elements?: Button[] }[]) {
    const found = block.type === 'actions' ? block.elements?.find(pick) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A list row's button: its label, on the row whose button value holds `id` (a subscription, order or request id). */
export function rowButton(message: FakeSlackMessage, label: string, id: string): Button {
  const button = buttonWhere(message, (b) => b.text.text === label && (b.value ?? '').includes(id));
  if (!button) throw new Error(`no ${label} button for ${id} in ${JSON.stringify(message.blocks).slice(0, 2000)}`);
  return button;
}

/** An input block of a modal the bot opened, as far as a test fills it in. */
export type InputBlock = { block_id?: string; element?: { type: string; options?: { value: string }[] } };

/** What a technician would enter: the first "No" of a select, a date, the `typed` value of a text field. */
export function typedValue(block: InputBlock, typed: Record<string, string>): Record<string, unknown> {
  const element = block.element;
  if (element?.type === 'static_select') return { type: 'static_select', selected_option: element.options?.find((o) => /^No/.test(o.value)) };
  if (element?.type === 'datepicker') return { type: 'datepicker', selected_date: '2026-11-01' };
  return { type: 'plain_text_input', value: typed[(block.block_id ?? '').slice('detail__'.length)] ?? null };
}

/**
 * `accounts: 2` serves two sandbox partner accounts and configures them as `pax8.instances`
 * `main` (the default, client id `sandbox`) and `second` (`sandbox-2`). `socketMode: true` runs Slack
 * over the fake Socket Mode instead of HTTP. `microsoft: true` gives the bot the sandbox's Microsoft app (`MICROSOFT_*` pointing at its `/login`
 * and `/graph`) and links every seeded tenant of account 1 to its company in `microsoft.tenants`.
 */
export async function startSlackBot(
  options: {
    env?: Record<string, string>;
    latencyMs?: number;
    log?: boolean | NodeJS.WritableStream;
    logLevel?: string;
    roles?: string;
    accounts?: 1 | 2;
    socketMode?: boolean;
    microsoft?: boolean;
    /** With `microsoft`, this many seeded tenants of account 1 (the last ones) are left unlinked: their companies have none. */
    unlinkedTenants?: number;
    pax8Webhooks?: boolean;
    sandboxSecrets?: Pick<SandboxOptions, 'clientSecret' | 'microsoftClientSecret'>;
  } = {},
) {
  const sandbox = await startSandbox({ port: 0, seed: 7, companies: 30, latencyMs: options.latencyMs ?? 0, accounts: options.accounts ?? 1, ...options.sandboxSecrets });
  // Acks get Slack's 3 seconds in production; a test machine shared with other suites gets more.
  const socketMode = options.socketMode ? { socketMode: { appToken, ackTimeoutMs: 10_000 } } : {};
  const slack = await startFakeSlackWebApi({ botToken, users: Object.values(slackPeople), ...socketMode });
  const dir = mkdtempSync(join(tmpdir(), 'slack-bot-'));
  const configFile = join(dir, 'pax8-chatops.yaml');
  const instances =
    options.accounts === 2
      ? 'pax8:\n  instances:\n' +
        `    - { name: main, default: true, clientIdEnv: PAX8_MAIN_ID, clientSecretEnv: PAX8_MAIN_SECRET${options.pax8Webhooks ? ', webhookAuthorizationEnv: PAX8_MAIN_HOOK' : ''} }\n` +
        `    - { name: second, clientIdEnv: PAX8_SECOND_ID, clientSecretEnv: PAX8_SECOND_SECRET${options.pax8Webhooks ? ', webhookAuthorizationEnv: PAX8_SECOND_HOOK' : ''} }\n`
      : '';
  const { text: tenants, unlinked } = options.microsoft ? await seededTenantLinks(sandbox, options.accounts === 2, options.unlinkedTenants ?? 0) : { text: '', unlinked: [] };
  writeFileSync(configFile, `${options.roles ?? defaultRoles}${instances}${tenants}slack:\n  approvalsChannel: ${approvalsChannel}\n`);
  const microsoftEnv = options.microsoft
    ? { MICROSOFT_CLIENT_ID: sandbox.microsoft.clientId, MICROSOFT_CLIENT_SECRET: sandbox.microsoft.clientSecret, MICROSOFT_LOGIN_URL: sandbox.microsoft.loginUrl, GRAPH_BASE_URL: sandbox.microsoft.graphBaseUrl }
    : {};
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir,
    CONFIG_FILE: configFile,
    PAX8_CLIENT_ID: sandbox.clientId,
    PAX8_CLIENT_SECRET: sandbox.clientSecret,
    PAX8_MAIN_ID: sandbox.clientIds[0] ?? '',
    PAX8_MAIN_SECRET: sandbox.clientSecret,
    PAX8_SECOND_ID: sandbox.clientIds[1] ?? '',
    PAX8_SECOND_SECRET: sandbox.clientSecret,
    PAX8_BASE_URL: sandbox.baseUrl,
    PAX8_TOKEN_URL: sandbox.tokenUrl,
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signatureSample.signing_secret,
    SLACK_API_URL: slack.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: appToken } : {}),
    ...microsoftEnv,
    ...(options.pax8Webhooks ? pax8WebhookValues : {}),
    ...options.env,
  });
  const destination = options.log === true ? process.stderr : options.log || undefined;
  const log = destination ? createLogger({ level: options.logLevel ?? 'debug', destination }) : createSilentLogger();
  const bot = await startBot(config, log);
  const fake = slack.fake;
  const press = (user: string, channel: string, message: FakeSlackMessage, button: Button, extra: { actionTs?: string } = {}) => {
    const ephemeral = message.visibleTo !== undefined;
    const body = blockActionBody({ user, channel, messageTs: message.ts, button, responseUrl: fake.responseUrl(channel, user, message.ts), ephemeral, ...extra });
    return postSigned(bot.url, body);
  };

  return {
    bot,
    fake,
    sandbox,
    config,
    /** Companies whose seeded tenant was left unlinked (`unlinkedTenants`). */
    unlinkedCompanies: unlinked,
    command: (user: string, text: string, channel = generalChannel, extra: { triggerId?: string; retryNum?: number } = {}) =>
      postSigned(bot.url, slashCommandBody({ user, channel, text, responseUrl: fake.responseUrl(channel, user), ...(extra.triggerId ? { triggerId: extra.triggerId } : {}) }), extra.retryNum === undefined ? {} : { retryNum: extra.retryNum }),
    click: (user: string, channel: string, message: FakeSlackMessage, verb: string, extra: { actionTs?: string } = {}) => {
      const button = buttonIn(message, verb);
      if (!button) throw new Error(`no ${verb} button in the message`);
      return press(user, channel, message, button, extra);
    },
    /** Clicks this very button of the message (a list row's, say), as Slack sends the click. */
    press,
    /**
     * Submits a modal. A view with the `id` and `hash` the fake gave it (`views.open`'s answer) is
     * the modal the fake holds: what the bot answers is applied to it, as Slack does.
     */
    async submitView(user: string, view: Record<string, unknown>, values: Record<string, Record<string, unknown>>) {
      const response = await postSigned(bot.url, viewSubmissionBody({ user, view, values }));
      const id = typeof view['id'] === 'string' ? view['id'] : undefined;
      if (id && fake.view(id)) {
        const text = await response.clone().text();
        fake.answerSubmission(id, text === '' ? {} : (JSON.parse(text) as unknown));
      }
      return response;
    },
    /** Real writes that reached the sandbox (dry runs, `isMock`, left out). */
    async writes(): Promise<{ method: string; path: string; status: number | null }[]> {
      const response = await fetch(`${sandbox.url}/__sandbox/writes`);
      const { writes } = (await response.json()) as { writes: { method: string; path: string; status: number | null; isMock?: true }[] };
      return writes.filter((w) => w.isMock !== true);
    },
    async close() {
      await bot.close();
      await slack.close();
      await sandbox.close();
    },
  };
}

export type SlackBotHarness = Awaited<ReturnType<typeof startSlackBot>>;

/**
 * What the bot answered `user` after `text` in `channel`: the card posted for approval, or its
 * private answer in the channel (once it is more than "working on it").
 */
export async function answerTo(h: SlackBotHarness, user: string, text: string, channel = generalChannel): Promise<string> {
  const approvalsBefore = h.fake.messages(approvalsChannel).length;
  const privateBefore = h.fake.messages(channel).filter((m) => m.visibleTo === user).map((m) => m.ts);
  expect((await h.command(user, text, channel)).status).toBe(200);
  return eventually(() => {
    const card = h.fake.messages(approvalsChannel)[approvalsBefore];
    if (card) return `card: ${JSON.stringify(card.blocks)}`;
    const answer = h.fake.messages(channel).find((m) => m.visibleTo === user && !privateBefore.includes(m.ts));
    const said = answer ? `${answer.text} ${JSON.stringify(answer.blocks)}` : '';
    return said === '' || /working on it|Checking|Looking|Reading|Listing|Preparing|Mapping/i.test(answer?.text ?? '') ? undefined : `said: ${said}`;
  }, `an answer to "${text}"`);
}
