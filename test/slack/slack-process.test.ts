/**
 * The bot as `npm start` runs it, in its own process: a hostile but signed Slack request must not
 * end the process. (In a test process a crash would only be reported; here it would be fatal.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlackWebApi, startFakeSlackWebApi } from '../../src/fakes/slack-web-api.ts';
import { botToken, eventually, generalChannel, slackPeople } from '../helpers/slack-harness.ts';
import { type ServerProcess, startBotProcess } from '../helpers/slack-bench-processes.ts';
import { postSigned, sampleJson, signatureSample, slashCommandBody } from '../helpers/slack-requests.ts';

const { tech } = slackPeople;

describe('the bot process and hostile Slack requests', () => {
  let slack: { fake: FakeSlackWebApi; apiUrl: string; close(): Promise<void> };
  let bot: ServerProcess;

  beforeAll(async () => {
    slack = await startFakeSlackWebApi({ botToken, users: Object.values(slackPeople) });
    const dir = mkdtempSync(join(tmpdir(), 'slack-process-'));
    bot = await startBotProcess(
      { DATA_DIR: join(dir, 'data'), SANDBOX_PORT: '0', LOG_LEVEL: 'info', SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signatureSample.signing_secret, SLACK_API_URL: slack.apiUrl },
      dir,
    );
    // The server listens before Slack is signed in and mounted: wait for the url_verification answer.
    const challenge = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'ready' });
    await eventually(async () => (await postSigned(bot.url, challenge, { contentType: 'application/json' })).status === 200, 'Slack at /slack/events', 30_000);
  });
  afterAll(async () => {
    await bot?.close();
    await slack?.close();
  });

  it('answers signed payloads of null and a view_submission without a view with 400, and keeps serving', async () => {
    const nullPayload = new URLSearchParams({ payload: 'null' }).toString();
    expect((await postSigned(bot.url, nullPayload, { timeoutMs: 5_000 })).status).toBe(400);
    const noView = new URLSearchParams({ payload: JSON.stringify({ ...sampleJson('view-submission.json'), view: undefined }) }).toString();
    expect((await postSigned(bot.url, noView, { timeoutMs: 5_000 })).status).toBe(400);
    const nullJson = await postSigned(bot.url, 'null', { contentType: 'application/json', timeoutMs: 5_000 });
    expect(nullJson.status).toBe(400);

    expect(() => process.kill(bot.pid, 0)).not.toThrow();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const body = slashCommandBody({ user: tech.id, channel: generalChannel, text: 'help', responseUrl: slack.fake.responseUrl(generalChannel, tech.id) });
    expect((await postSigned(bot.url, body)).status).toBe(200);
    await eventually(() => slack.fake.callsOf('response_url')[0], 'the help answer');
  });
});
