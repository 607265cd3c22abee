/**
 * Nothing the bot logs holds a secret. The bot runs representative traffic with its logger at the
 * most verbose level (`trace`) and everything it logged — its own lines and whatever libraries
 * printed on the console — is searched for every secret the test configured or saw issued: the
 * Pax8 client secret and every access token the sandbox issued (Pax8's and Entra's, refreshed ones
 * included), the Slack signing secret and bot token, `MicrosoftAppPassword` and the token the Bot
 * Framework login issued, the Microsoft client secret, and the console's made-up Slack credentials.
 * A leak fails naming the secret and the line.
 */
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { collect } from '../../src/pax8/index.ts';
import { type BotFrameworkStandIn, startBotFrameworkStandIn } from '../helpers/bot-framework-stand-in.ts';
import { createSecretWatch } from '../helpers/secret-watch.ts';
import { subscriptionOnFirstPage } from '../helpers/pax8-sandbox.ts';
import { answerTo, approvalsChannel, botToken, buttonIn, eventually, msDetails, pax8WebhookValues, slackPeople, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';
import { postSigned, signatureSample, slashCommandBody } from '../helpers/slack-requests.ts';
import { personalMessage } from '../helpers/teams-activities.ts';
import { askPrivately, people, startTeamsHarness, tenantId, type TeamsHarness, startBotConnector } from '../helpers/teams-harness.ts';

const pax8Secret = 'pax8-client-secret-5b1f0c2e9d';
const microsoftSecret = 'ms-client-secret-7c2d94aa01';
const appPassword = 'teams-app-password-3e8a61f2c4';
const connectorToken = 'bot-connector-token-9f4e2b7a15';
const appId = '5f0c3b9e-0000-4000-8000-00000000a0ff';

/** Everything logged: the bot's lines as written, and anything printed through `console`. */
function captureEverything() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter((l) => l.trim() !== ''));
      done();
    },
  });
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(`console.${method}: ${format(...args)}`));
  }
  return { lines, sink, log: createLogger({ level: 'trace', destination: sink }) };
}

describe('secrets never reach the log', () => {
  const secrets = createSecretWatch();
  let captured: ReturnType<typeof captureEverything>;
  let standIn: BotFrameworkStandIn;
  let connector: Awaited<ReturnType<typeof startBotConnector>>;
  let refusing: Awaited<ReturnType<typeof startBotConnector>>;
  let h: SlackBotHarness;
  let consoleBot: TeamsHarness;

  beforeAll(async () => {
    captured = captureEverything();
    standIn = await startBotFrameworkStandIn({ appId, appPassword, tenantId, accessToken: connectorToken });
    connector = await startBotConnector(connectorToken);
    refusing = await startBotConnector('a-token-nobody-has-1234');
    h = await startSlackBot({
      microsoft: true,
      pax8Webhooks: true,
      log: captured.sink,
      logLevel: 'trace',
      sandboxSecrets: { clientSecret: pax8Secret, microsoftClientSecret: microsoftSecret },
      env: { MicrosoftAppId: appId, MicrosoftAppPassword: appPassword, MicrosoftAppTenantId: tenantId, ...standIn.settings },
    });
    consoleBot = await startTeamsHarness({ log: captured.log });
    secrets.watch('the Pax8 client secret', pax8Secret);
    secrets.watch('the Microsoft client secret', microsoftSecret);
    secrets.watch('MicrosoftAppPassword', appPassword);
    secrets.watch('the Bot Framework token', connectorToken);
    secrets.watch('the Slack bot token', botToken);
    secrets.watch('the Slack signing secret', signatureSample.signing_secret);
    secrets.watch('the Pax8 webhook authorization value', pax8WebhookValues.PAX8_WEBHOOK_AUTHORIZATION);
    secrets.watch("the console's Slack bot token", consoleBot.bot.console?.platformConfig.slack.botToken?.reveal());
    secrets.watch("the console's Slack signing secret", consoleBot.bot.console?.platformConfig.slack.signingSecret?.reveal());
  }, 240_000);
  afterAll(async () => {
    await consoleBot.close();
    await h.close();
    await refusing.close();
    await connector.close();
    await standIn.close();
    vi.restoreAllMocks();
  });

  it('Slack: reads, Microsoft 365, a refused signature, an unknown command', async () => {
    const { tech } = slackPeople;
    expect(await answerTo(h, tech.id, 'companies')).toMatch(/said/);
    const { tenants } = (await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { companyId: string; account: string; consented: boolean }[] };
    const consented = tenants.find((t) => t.account === 'sandbox' && t.consented);
    const unconsented = tenants.find((t) => t.account === 'sandbox' && !t.consented);
    expect(await answerTo(h, tech.id, `licenses ${consented?.companyId ?? ''}`)).toMatch(/Licences of/);
    expect(await answerTo(h, tech.id, `licenses ${unconsented?.companyId ?? ''}`)).toMatch(/consent/);
    expect(await answerTo(h, tech.id, 'frobnicate')).toMatch(/is not a command/);
    const forged = await postSigned(h.bot.url, slashCommandBody({ user: tech.id, channel: 'C0GENERAL', text: 'help', responseUrl: h.fake.responseUrl('C0GENERAL', tech.id) }), { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
  });

  it('Slack: an approved purchase whose write fails at Pax8', async () => {
    const before = h.fake.messages(approvalsChannel).length;
    await answerTo(h, slackPeople.tech.id, `buy cedar dental "Exchange Online (Plan 1)" 2 monthly ${msDetails}`);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[before], 'the approval card');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1] ?? '';
    expect(buttonIn(card, 'approve')).toBeDefined();
    // Armed after the dry run: the approved order itself gets the 500.
    const fault = await fetch(`${h.sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route: 'POST /orders', status: 500, times: 1 }) });
    expect(fault.status).toBe(200);
    expect((await h.click(slackPeople.ann.id, approvalsChannel, card, 'approve')).status).toBe(200);
    await eventually(async () => (['failed', 'unknown', 'succeeded'].includes((await h.bot.approvals.get(requestId))?.state ?? '') ? true : undefined), 'the execution to end');
    expect((await h.bot.approvals.get(requestId))?.state).not.toBe('succeeded');
  });

  it('Pax8 webhooks: a delivery with a wrong authorization value refused, one with the right value taken', async () => {
    const subscription = await subscriptionOnFirstPage(h.bot.pax8.get());
    const delivery = (authorization: string) =>
      fetch(`${h.bot.url}/pax8/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          accountId: '0f5d1e7a-3c2b-4a61-9d8e-5b7c6a4f3e21',
          url: `${h.bot.url}/pax8/webhooks`,
          webhookId: '7c1e9a52-8d4b-4f3a-b6e2-1a9d8c7b6e54',
          sentAt: new Date().toISOString(),
          webhookTopic: { id: 'a3b4c5d6-e7f8-4a9b-8c7d-6e5f4a3b2c1d', topic: 'SUBSCRIPTION', filters: [] },
          payloadData: { subscriptionId: subscription.id, type: 'Change' },
        }),
      });
    expect((await delivery(`${pax8WebhookValues.PAX8_WEBHOOK_AUTHORIZATION}-guessed`)).status).toBe(401);
    expect((await delivery(pax8WebhookValues.PAX8_WEBHOOK_AUTHORIZATION)).status).toBe(200);
  });

  it('Teams: signed activities answered through the Bot Connector, a refused token, a Bot Connector that refuses the bot', async () => {
    const post = (activity: unknown, token?: string) =>
      fetch(`${h.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(activity) });
    const help = personalMessage(connector.serviceUrl, people.tech, 'companies');
    expect((await post(help, standIn.token(connector.serviceUrl))).status).toBe(200);
    await vi.waitFor(() => expect(connector.connector.calls.some((c) => c.method === 'POST' && c.activityId === help.id)).toBe(true), { timeout: 15_000 });
    expect((await post(personalMessage(connector.serviceUrl, people.ann, 'help'), 'forged.token.value')).status).toBe(401);
    const refused = personalMessage(refusing.serviceUrl, people.bob, 'help');
    expect((await post(refused, standIn.token(refusing.serviceUrl))).status).toBe(200);
    await vi.waitFor(() => expect(captured.lines.some((l) => l.includes('Teams turn failed') && l.includes(String(refused.id)))).toBe(true), { timeout: 15_000 });
  });

  it('Pax8 and Entra tokens refreshed after they expired', async () => {
    const pax8TokensBefore = h.sandbox.issuedTokens().filter((t) => t.startsWith('sbx_')).length;
    const moved = await fetch(`${h.sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT25H' }) });
    expect(moved.status).toBe(200);
    // The bot's token is still fresh by its own clock: Pax8 answers 401, the client fetches a new one.
    expect(await collect(h.bot.pax8.get().companies.list(), { max: 1 })).toHaveLength(1);
    expect(h.sandbox.issuedTokens().filter((t) => t.startsWith('sbx_')).length).toBe(pax8TokensBefore + 1);
    const { tenants } = (await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { companyId: string; account: string; consented: boolean }[] };
    const consented = tenants.find((t) => t.account === 'sandbox' && t.consented);
    expect(await answerTo(h, slackPeople.tech.id, `licenses ${consented?.companyId ?? ''}`)).toMatch(/Licences of/);
  });

  it('the console: Slack and Teams played on this machine', async () => {
    const say = (platform: 'slack' | 'teams', conversationId: string, text: string) =>
      fetch(`${consoleBot.bot.url}/console/api/${platform}/say`, { method: 'POST', headers: { 'content-type': 'application/json', origin: consoleBot.bot.url }, body: JSON.stringify({ person: 'tech', conversationId, text }) });
    expect((await say('slack', 'C0GENERAL', 'companies')).status).toBe(200);
    expect((await say('teams', '19:console-general@thread.tacv2', 'help')).status).toBe(200);
    await askPrivately(consoleBot, people.tech, 'companies', /Companies|compan/i);
  });

  it('none of it logged a secret or a token', () => {
    for (const token of [...h.sandbox.issuedTokens(), ...(consoleBot.bot.sandbox?.issuedTokens() ?? [])]) secrets.watch('an access token the sandbox issued', token);
    // Pax8 tokens (the first and the refreshed one), Entra tokens, and the fixed secrets above.
    expect(secrets.watched.filter((label) => label === 'an access token the sandbox issued').length).toBeGreaterThanOrEqual(4);
    // The log is the verbose one: every Pax8 and Graph call and the token refreshes are in it.
    const text = captured.lines.join('\n');
    for (const said of ['"msg":"pax8 request"', '"msg":"pax8 token"', '"msg":"graph request"', '"msg":"entra request"', 'Teams turn failed', '"level":20']) expect(text, said).toContain(said);
    const leaks = secrets.leaks(captured.lines);
    expect(leaks, leaks.join('\n\n')).toEqual([]);
  });
});

describe('the secret watch itself', () => {
  it('finds a secret as given, URL-encoded or JSON-escaped, names it and censors the line', () => {
    const watch = createSecretWatch();
    watch.watch('a password', 'p@ss word"1234');
    const leaks = watch.leaks(['nothing here', 'form: pw=p%40ss%20word%221234', '{"msg":"p@ss word\\"1234"}', 'plain p@ss word"1234 end']);
    expect(leaks).toEqual([
      'a password in log line 2: form: pw=[SECRET]',
      'a password in log line 3: {"msg":"[SECRET]"}',
      'a password in log line 4: plain [SECRET] end',
    ]);
    expect(() => watch.watch('too short', 'abc')).toThrow(/at least 8/);
  });
});
