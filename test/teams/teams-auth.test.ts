/**
 * Teams authentication end to end: the bot started as `npm start` starts it, with `MicrosoftAppId`
 * set and botbuilder's endpoint settings pointing at a local stand-in for the Bot Framework (OpenID
 * metadata, JWKS and the login that issues the bot's own tokens). Activities come in with tokens
 * signed by real RSA keys; replies go out to a fake Bot Connector that takes only the token the
 * login issued.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { FakeBotConnector } from '../../src/fakes/bot-connector.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';
import { type BotFrameworkStandIn, createSigningKey, startBotFrameworkStandIn } from '../helpers/bot-framework-stand-in.ts';
import { botAddedToTeam, channelMention, personalMessage } from '../helpers/teams-activities.ts';
import { people, tenantId, startBotConnector } from '../helpers/teams-harness.ts';

const appPassword = 'app-password-never-logged';
const accessToken = 'bot-token-from-the-login';

function keptLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination: sink }), lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}

async function startAuthenticatedBot(appId: string, standIn: BotFrameworkStandIn, log: ReturnType<typeof keptLog>['log'], settings: Record<string, string> = {}): Promise<RunningBot> {
  const env = {
    PORT: '0',
    SANDBOX_PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'teams-auth-')),
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    MicrosoftAppTenantId: tenantId,
    ...standIn.settings,
    ...settings,
  };
  // Ada may say where approvals go; everyone may ask.
  const roles = 'roles:\n  admins: [admin@msp.example]\n  approvers: [ann@msp.example]\n  requesters: ["*"]\n';
  return startBot(loadConfig({ ...env, CONFIG_FILE: 'roles.yaml' }, (path) => (path.endsWith('roles.yaml') ? roles : undefined)), log);
}

describe('Teams with an app id and the Bot Framework played locally', () => {
  const appId = '5f0c3b9e-0000-4000-8000-00000000a001';
  let standIn: BotFrameworkStandIn;
  let connector: FakeBotConnector;
  let serviceUrl = '';
  let closeConnector: () => Promise<void>;
  let bot: RunningBot;
  const kept = keptLog();
  const post = (body: unknown, authorization?: string) =>
    fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization: `Bearer ${authorization}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const help = (who = people.tech) => personalMessage(serviceUrl, who, 'help');

  beforeAll(async () => {
    // botbuilder prints each token it cannot verify, with the public keys it tried, on stderr.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    standIn = await startBotFrameworkStandIn({ appId, appPassword, tenantId, accessToken });
    ({ connector, serviceUrl, close: closeConnector } = await startBotConnector(accessToken));
    bot = await startAuthenticatedBot(appId, standIn, kept.log);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await bot.close();
    await closeConnector();
    await standIn.close();
  });

  it('got its own token at start from the login URL, with the app id, password and scope given', () => {
    expect(standIn.logins).toHaveLength(1);
    expect(standIn.logins[0]).toEqual({
      path: `/login/${tenantId}/oauth2/v2.0/token`,
      form: { grant_type: 'client_credentials', client_id: appId, client_secret: appPassword, scope: `${standIn.oauthScope}/.default` },
    });
    expect(kept.text()).toContain(`Bot Framework keys from ${standIn.settings.ToBotFromChannelOpenIdMetadataUrl}`);
  });

  it('takes an activity with a token the Bot Framework signed, and answers with the token the login issued', async () => {
    const activity = help();
    expect((await post(activity, standIn.token(serviceUrl))).status).toBe(200);
    const reply = await vi.waitFor(() => {
      const found = connector.calls.find((c) => c.method === 'POST' && c.activityId === activity.id);
      if (!found) throw new Error('no reply yet');
      return found;
    });
    expect(reply.authorization).toBe(`Bearer ${accessToken}`);
    expect(JSON.stringify(reply.body)).toContain('application/vnd.microsoft.card.adaptive');
    expect(connector.calls.every((c) => c.authorization === `Bearer ${accessToken}`)).toBe(true);
    // The token was cached: still the one login from the start.
    expect(standIn.logins).toHaveLength(1);
  });

  it('verifies an activity’s token once: the adapter takes the door’s result', async () => {
    const checks = vi.spyOn(ConfigurationBotFrameworkAuthentication.prototype, 'authenticateRequest');
    try {
      expect((await post(help(), standIn.token(serviceUrl))).status).toBe(200);
      expect(checks).toHaveBeenCalledTimes(1);
    } finally {
      checks.mockRestore();
    }
  });

  it('refuses every token that is not a good one for this bot with 401, and nothing runs', async () => {
    const before = connector.calls.length;
    const hour = 3600;
    const now = Math.floor(Date.now() / 1000);
    const elsewhere = createSigningKey(['msteams']);
    const webchatOnly = createSigningKey(['webchat']);
    standIn.publish(webchatOnly);
    const publicKeyPem = standIn.key.publicKey.export({ type: 'spki', format: 'pem' });
    const refused: [string, string | undefined][] = [
      ['no token', undefined],
      ['not a JWT', 'not-a-jwt'],
      ['another audience', standIn.token(serviceUrl, { claims: { aud: '00000000-0000-4000-8000-0000000000ff' } })],
      ['another issuer', standIn.token(serviceUrl, { claims: { iss: 'https://api.botframework.com' } })],
      ['expired (beyond the five minutes of tolerance)', standIn.token(serviceUrl, { claims: { nbf: now - 2 * hour, exp: now - hour } })],
      ['not yet valid', standIn.token(serviceUrl, { claims: { nbf: now + hour, exp: now + 2 * hour } })],
      ['a key the JWKS does not list', standIn.token(serviceUrl, { key: elsewhere })],
      ['a key the JWKS lists but not for msteams', standIn.token(serviceUrl, { key: webchatOnly })],
      ['a listed kid with another key', standIn.token(serviceUrl, { key: elsewhere, header: { kid: standIn.key.kid } })],
      ['alg: none', standIn.forged(serviceUrl, undefined)],
      ['HS256 keyed with the public key', standIn.forged(serviceUrl, publicKeyPem)],
      ['HS256 keyed with the app password', standIn.forged(serviceUrl, appPassword)],
      ['a token for another service URL', standIn.token('https://evil.example/')],
    ];
    for (const [name, token] of refused) {
      const answer = await post(help(people.ann), token);
      expect(answer.status, name).toBe(401);
      expect(await answer.text(), name).toBe('this endpoint takes only activities with a Bot Framework token for this bot\n');
    }
    // No reply, no member lookup, not even the conversation reference kept.
    expect(connector.calls.slice(before)).toEqual([]);
    expect(await bot.store.chatRefs.getConversation('teams', `conversation:a:personal-${people.ann.id}`)).toBeUndefined();
    const refusals = kept.lines.filter((l) => l.msg === 'activity refused: no good Bot Framework token');
    expect(refusals).toHaveLength(refused.length);
    expect(kept.text()).not.toContain(appPassword);
  });

  it('refuses an unauthenticated activity before it looks at the body', async () => {
    const malformed = { ...help(), from: [] };
    expect((await post(malformed)).status).toBe(401);
    expect((await post(malformed, standIn.token(serviceUrl))).status).toBe(400);
  });

  it('gives up on a Bot Connector that refuses its token after one try per call, and logs why', async () => {
    const refusing = await startBotConnector('some-other-token');
    try {
      const activity = personalMessage(refusing.serviceUrl, people.bob, 'help');
      expect((await post(activity, standIn.token(refusing.serviceUrl))).status).toBe(200);
      // The member lookup, the answer and the apology for the failed turn: each refused once, none tried again.
      expect(refusing.connector.calls.map((c) => `${c.method} ${c.path.split('/')[4] ?? ''}`)).toEqual(['GET members', 'POST activities', 'POST activities']);
      expect(refusing.connector.calls.every((c) => c.authorization === `Bearer ${accessToken}`)).toBe(true);
      const failed = kept.lines.find((l) => l.msg === 'Teams turn failed' && JSON.stringify(l).includes(String(activity.id)));
      expect(JSON.stringify(failed?.err)).toContain('401');
      // The refused token is a credential still: it is not in the log.
      expect(kept.text()).not.toContain(accessToken);
    } finally {
      await refusing.close();
    }
  });

  it('opens a personal chat with a token for the configured scope: a command typed in the approvals channel is answered there', async () => {
    expect((await post(botAddedToTeam(serviceUrl), standIn.token(serviceUrl))).status).toBe(200);
    expect((await post(channelMention(serviceUrl, people.admin, 'approvals here'), standIn.token(serviceUrl))).status).toBe(200);
    const before = connector.calls.length;
    const linesBefore = kept.lines.length;
    expect((await post(channelMention(serviceUrl, people.ann, 'help'), standIn.token(serviceUrl))).status).toBe(200);
    const opened = await vi.waitFor(() => {
      const found = connector.calls.slice(before).find((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path));
      if (!found) throw new Error(`no personal chat opened yet: ${connector.calls.slice(before).map((c) => `${c.method} ${c.path}`).join(', ')}`);
      return found;
    });
    expect(opened.authorization).toBe(`Bearer ${accessToken}`);
    const privateAnswer = await vi.waitFor(() => {
      const found = connector.calls.slice(before).find((c) => c.method === 'POST' && c.path.includes('/activities') && JSON.stringify(c.body).includes('application/vnd.microsoft.card.adaptive'));
      if (!found) throw new Error('no answer in the personal chat yet');
      return found;
    });
    expect(privateAnswer.path).not.toContain('thread.tacv2');
    expect(connector.calls.slice(before).every((c) => c.authorization === `Bearer ${accessToken}`)).toBe(true);
    expect(kept.lines.slice(linesBefore).filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('takes only POSTed JSON objects of a sane size', async () => {
    const raw = (body: string, method = 'POST') => fetch(`${bot.url}/api/messages`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body } : {}) });
    expect((await raw('', 'GET')).status).toBe(405);
    expect((await raw('not json')).status).toBe(400);
    expect((await raw('[1]')).status).toBe(400);
    expect((await raw(JSON.stringify({ text: 'x'.repeat(300_000) }))).status).toBe(413);
  });
});

describe('Teams when the login refuses the bot its own token', () => {
  const appId = '5f0c3b9e-0000-4000-8000-00000000a002';
  let standIn: BotFrameworkStandIn;
  let connector: FakeBotConnector;
  let serviceUrl = '';
  let closeConnector: () => Promise<void>;
  const kept = keptLog();

  beforeAll(async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // Tokens that live a second, so the bot soon has to ask again.
    standIn = await startBotFrameworkStandIn({ appId, appPassword, tenantId, accessToken, expiresIn: 1 });
    ({ connector, serviceUrl, close: closeConnector } = await startBotConnector(accessToken));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await closeConnector();
    await standIn.close();
  });

  it('does not start with a password the login refuses, and says which settings to check', async () => {
    standIn.acceptOnly('the-new-secret');
    const start = startAuthenticatedBot(appId, standIn, kept.log);
    await expect(start).rejects.toThrow(/^Teams: the Bot Framework login \(http:\/\/127\.0\.0\.1:\d+\/login\/[^)]+\/oauth2\/v2\.0\/token\) refused the bot's credentials: invalid_client: AADSTS7000215: Invalid client secret provided\..*Check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId/);
    await expect(start).rejects.not.toThrow(appPassword);
    standIn.acceptOnly(appPassword);
  });

  it('starts when the login cannot be reached, with a warning: the token is asked for when the first answer goes out', async () => {
    const bot = await startAuthenticatedBot(appId, standIn, kept.log, { ToChannelFromBotLoginUrl: `http://127.0.0.1:9/login/${tenantId}` });
    try {
      const warning = kept.lines.find((l) => l.msg === 'Teams: could not get the bot’s own token at start; the bot asks again when it first answers');
      expect(JSON.stringify(warning?.err)).toContain('could not be reached');
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await bot.close();
    }
  });

  it('once the secret is revoked while it runs: every answer fails with the reason logged, and the login is asked once, not again and again', async () => {
    const bot = await startAuthenticatedBot(appId, standIn, kept.log);
    try {
      const loginsAtStart = standIn.logins.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the start's token is now due for renewal
      standIn.acceptOnly('the-new-secret');
      for (const who of [people.tech, people.ann, people.bob]) {
        const activity = personalMessage(serviceUrl, who, 'help');
        const answer = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${standIn.token(serviceUrl)}` }, body: JSON.stringify(activity) });
        expect(answer.status).toBe(200);
      }
      expect(standIn.logins.length - loginsAtStart).toBe(1);
      expect(connector.calls).toEqual([]);
      const failures = kept.lines.filter((l) => l.msg === 'Teams turn failed').map((l) => JSON.stringify(l.err));
      expect(failures).toHaveLength(3);
      expect(failures[0]).toContain("refused the bot's credentials: invalid_client: AADSTS7000215");
      expect(failures[2]).toContain('not asked again before');
      expect(kept.text()).not.toContain(appPassword);
    } finally {
      await bot.close();
    }
  });
});
