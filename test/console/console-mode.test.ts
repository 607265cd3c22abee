import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { consoleModeFor, consolePlatformConfig } from '../../src/console/console-mode.ts';
import { createLogger, createSilentLogger } from '../../src/log.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';
import { rawRequest } from '../helpers/raw-request.ts';

const noFile = () => undefined;
const teamsCredentials = { MicrosoftAppId: '00000000-0000-4000-8000-0000000000a1', MicrosoftAppPassword: 'password', MicrosoftAppTenantId: '00000000-0000-4000-8000-0000000000b2' };

describe('consoleModeFor', () => {
  it('is on with no platform credentials: demo roles, the console channels, bound to localhost', () => {
    const mode = consoleModeFor(loadConfig({}, noFile), createSilentLogger());
    expect(mode?.host).toBe('localhost');
    expect(mode?.config.policy.roles).toEqual({ admins: ['admin@console.example'], approvers: ['ann@console.example', 'bob@console.example'], requesters: ['*'] });
    expect(mode?.config.slack.approvalsChannel).toBe('C0APPROVALS');
    expect(mode?.config.teams.approvalsConversationId).toBe('19:console-approvals@thread.tacv2');
  });

  it('is off when Slack or Teams credentials are set, unless CONSOLE=true', () => {
    expect(consoleModeFor(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, noFile), createSilentLogger())).toBeUndefined();
    expect(consoleModeFor(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, noFile), createSilentLogger())).toBeUndefined();
    expect(consoleModeFor(loadConfig(teamsCredentials, noFile), createSilentLogger())).toBeUndefined();
    expect(consoleModeFor(loadConfig({ ...teamsCredentials, CONSOLE: 'true' }, noFile), createSilentLogger())).toBeDefined();
  });

  it('keeps the roles of a config file', () => {
    const config = loadConfig({ CONFIG_FILE: '/etc/p.yaml' }, () => 'roles:\n  approvers: [boss@msp.example]\n');
    expect(consoleModeFor(config, createSilentLogger())?.config.policy.roles.approvers).toEqual(['boss@msp.example']);
  });

  it('gives the adapters made-up Slack credentials with verification on, the fake Web API, and no Teams app', () => {
    const mode = consoleModeFor(loadConfig({ ...teamsCredentials, SLACK_BOT_TOKEN: 'xoxb-real', SLACK_SIGNING_SECRET: 'real', CONSOLE: 'true' }, noFile), createSilentLogger());
    if (!mode) throw new Error('expected console mode');
    const platform = consolePlatformConfig(mode, 'http://localhost:1/console/slack/api/');
    expect(platform.slack.botToken?.reveal()).toMatch(/^xoxb-console-[0-9a-f]{24}$/);
    expect(platform.slack.signingSecret?.reveal()).toMatch(/^[0-9a-f]{64}$/);
    expect(platform.slack.signingSecret?.reveal()).not.toBe('real');
    expect(platform.slack.dangerouslySkipVerification).toBe(false);
    expect(platform.slack.apiUrl).toBe('http://localhost:1/console/slack/api/');
    expect(platform.teams.appId).toBeUndefined();
    expect(platform.teams.appPassword).toBeUndefined();
  });
});



async function start(env: Record<string, string>): Promise<RunningBot> {
  const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'console-mode-')), ...env }, noFile);
  return startBot(config, createLogger({ level: 'silent' }));
}

describe('the console on the bot server', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await start({});
  }, 60_000);
  afterAll(() => bot.close());

  const json = { 'content-type': 'application/json' };
  const say = JSON.stringify({ person: 'tech', conversationId: 'C0GENERAL', text: 'help' });

  it('listens on localhost and serves the page, its assets and the Adaptive Cards bundle', async () => {
    expect(bot.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect((await rawRequest(`${bot.url}/console`)).body).toContain('<title>pax8-chatops · local console</title>');
    expect((await rawRequest(`${bot.url}/console/assets/console.js`)).status).toBe(200);
    expect((await rawRequest(`${bot.url}/console/assets/adaptivecards.min.js`)).body).toContain('AdaptiveCards');
    expect((await rawRequest(`${bot.url}/console/assets/../../package.json`)).status).toBe(404);
    expect((await rawRequest(`${bot.url}/console/assets/start-console.ts`)).status).toBe(404);
  });

  it('refuses another Host (DNS rebinding) and another Origin (a page elsewhere clicking Approve)', async () => {
    expect((await rawRequest(`${bot.url}/console`, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await rawRequest(`${bot.url}/console/api/slack/say`, { method: 'POST', headers: { ...json, origin: 'http://evil.example' }, body: say })).status).toBe(403);
    expect((await rawRequest(`${bot.url}/console/api/slack/say`, { method: 'POST', headers: { ...json, origin: bot.url }, body: say })).status).toBe(200);
  });

  it('checks what the page sends', async () => {
    const post = (body: string, headers: Record<string, string> = json) => rawRequest(`${bot.url}/console/api/slack/say`, { method: 'POST', headers, body });
    expect((await post(say, { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await post('{')).status).toBe(400);
    expect((await post(JSON.stringify({ person: 'mallory', conversationId: 'C0GENERAL', text: 'help' }))).body).toContain('no demo person');
    expect((await rawRequest(`${bot.url}/console/api/clock`, { method: 'POST', headers: json, body: JSON.stringify({ advance: 'tomorrow' }) })).status).toBe(400);
  });

  it('keeps Slack verification on: a request the console did not sign is refused', async () => {
    const response = await rawRequest(`${bot.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=0000' },
      body: 'command=%2Fpax8&text=help',
    });
    expect(response.status).toBe(401);
  });
});

describe('a production configuration', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await start(teamsCredentials);
  }, 60_000);
  afterAll(() => bot.close());

  it('has no console and no fake platform endpoints', async () => {
    for (const path of ['/console', '/console/api/state', '/console/slack/api/auth.test', '/console/teams/v3/conversations']) {
      expect((await rawRequest(`${bot.url}${path}`)).status).toBe(404);
    }
  });

  it('has no gate on the server: any Host or Origin reaches the routes, and Teams still wants its token', async () => {
    const elsewhere = { host: 'bot.example.com', origin: 'http://evil.example' };
    expect((await rawRequest(`${bot.url}/healthz`, { headers: elsewhere })).body).toBe('ok\n');
    const activity = JSON.stringify({
      type: 'message',
      id: '1',
      text: 'help',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: '29:someone' },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:personal', conversationType: 'personal' },
    });
    expect((await rawRequest(`${bot.url}/api/messages`, { method: 'POST', headers: { ...elsewhere, 'content-type': 'application/json' }, body: activity })).status).toBe(401);
  });
});
