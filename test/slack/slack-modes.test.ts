import { describe, expect, it } from 'vitest';
import { createSlackApp, slackPlatform, verifyBotToken } from '../../src/adapters/slack/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createSilentLogger } from '../../src/log.ts';
import { approvalsChannel, eventually, generalChannel, msDetails, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';
import { slashCommandBody } from '../helpers/slack-requests.ts';

const bot = { botId: 'B0BOT', botUserId: 'U0BOT' };
const env = (extra: Record<string, string>) => loadConfig({ PORT: '0', SLACK_BOT_TOKEN: 'xoxb-t', SLACK_API_URL: 'http://127.0.0.1:9/api/', ...extra }, () => undefined);

describe('Slack transports', () => {
  it('uses Socket Mode when SLACK_APP_TOKEN is set, and HTTP at /slack/events otherwise', () => {
    const socket = createSlackApp(env({ SLACK_APP_TOKEN: 'xapp-1-test' }).slack, bot, createSilentLogger());
    expect(socket.mode).toBe('socket');
    expect('listener' in socket).toBe(false);
    const http = createSlackApp(env({ SLACK_SIGNING_SECRET: 'secret' }).slack, bot, createSilentLogger());
    expect(http.mode).toBe('http');
    expect(typeof (http.mode === 'http' ? http.listener : undefined)).toBe('function');
  });

  it('stops the start with a clear error when Slack refuses the bot token', async () => {
    const { startFakeSlackWebApi } = await import('../../src/fakes/slack-web-api.ts');
    const slack = await startFakeSlackWebApi({ botToken: 'xoxb-right' });
    try {
      const config = env({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_API_URL: slack.apiUrl });
      await expect(verifyBotToken(config.slack)).rejects.toThrow(/Slack refused SLACK_BOT_TOKEN.*invalid_auth/);
      await expect(verifyBotToken(env({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-right', SLACK_API_URL: slack.apiUrl }).slack)).resolves.toMatchObject({ botUserId: 'U0BOT' });
    } finally {
      await slack.close();
    }
  });

  it('is enabled by a bot token with a signing secret or an app token, not by a bot token alone', () => {
    expect(slackPlatform.enabled(env({ SLACK_SIGNING_SECRET: 's' }))).toBe(true);
    expect(slackPlatform.enabled(env({ SLACK_APP_TOKEN: 'xapp-1' }))).toBe(true);
    expect(slackPlatform.enabled(loadConfig({ PORT: '0' }, () => undefined))).toBe(false);
  });

  // These start a whole bot in the test itself, as hooks do elsewhere: the hooks' time, not a test's.
  it('DANGEROUSLY_SKIP_SLACK_VERIFICATION accepts unsigned requests and warns', { timeout: 90_000 }, async () => {
    const h = await startSlackBot({ env: { DANGEROUSLY_SKIP_SLACK_VERIFICATION: '1', SLACK_SIGNING_SECRET: '' } });
    try {
      expect(h.config.warnings.join('\n')).toMatch(/DANGEROUSLY_SKIP_SLACK_VERIFICATION is on/);
      const body = slashCommandBody({ user: slackPeople.tech.id, channel: generalChannel, text: 'help', responseUrl: h.fake.responseUrl(generalChannel, slackPeople.tech.id) });
      const response = await fetch(`${h.bot.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(response.status).toBe(200);
      await eventually(() => h.fake.callsOf('response_url')[0], 'the answer');
    } finally {
      await h.close();
    }
  });
});

describe('a slow answer in Slack', () => {
  it('acknowledges at once, shows "working on it", then posts the request and removes the working message', { timeout: 90_000 }, async () => {
    const h = await startSlackBot({ latencyMs: 350 });
    try {
      const started = performance.now();
      const response = await h.command(slackPeople.tech.id, `buy cedar dental "Exchange Online (Plan 1)" 3 monthly ${msDetails}`);
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(500);
      const working = await eventually(() => h.fake.callsOf('response_url')[0], 'the working message');
      expect(working.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(JSON.stringify(working.args)).toMatch(/Preparing the order/);
      await eventually(() => h.fake.messages(approvalsChannel)[0], 'the approval card', 30_000);
      const cleanup = await eventually(() => h.fake.callsOf('response_url')[1], 'the working message removed');
      expect(cleanup.args).toMatchObject({ delete_original: true });
      expect(h.fake.messages(generalChannel).filter((m) => m.visibleTo)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
