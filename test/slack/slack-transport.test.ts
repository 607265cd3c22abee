import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPeople, eventually, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';
import { postSigned, sample, sign, signatureSample, slashCommandBody } from '../helpers/slack-requests.ts';

describe('Slack over HTTP at /slack/events', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot();
  });
  afterAll(() => h.close());

  it('signs exactly as Slack does (the documented signature of the documented body)', () => {
    const headers = signatureSample.headers;
    expect(sign(signatureSample.signing_secret, headers['X-Slack-Request-Timestamp'], sample('slash-command.body.txt'))).toBe(headers['X-Slack-Signature']);
  });

  it('refuses the documented request as Slack sent it in 2018: its timestamp is stale', async () => {
    const headers = signatureSample.headers;
    const response = await postSigned(h.bot.url, sample('slash-command.body.txt'), { timestamp: headers['X-Slack-Request-Timestamp'], signature: headers['X-Slack-Signature'] });
    expect(response.status).toBe(401);
  });

  it('refuses a forged signature and a body changed after signing, and calls nothing', async () => {
    const before = h.fake.calls.length;
    const body = slashCommandBody({ user: slackPeople.tech.id, channel: 'C0GENERAL', text: 'help', responseUrl: h.fake.responseUrl('C0GENERAL', slackPeople.tech.id) });
    expect((await postSigned(h.bot.url, body, { secret: 'not-the-signing-secret' })).status).toBe(401);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(signatureSample.signing_secret, timestamp, body);
    expect((await postSigned(h.bot.url, body.replace('text=help', 'text=buy'), { timestamp, signature })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('answers url_verification with the challenge', async () => {
    const body = sample('url-verification.json');
    const response = await postSigned(h.bot.url, body, { contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: (JSON.parse(body) as { challenge: string }).challenge });
  });

  it('acknowledges /pax8 help at once and answers through response_url, privately', async () => {
    const before = h.fake.callsOf('response_url').length;
    const started = performance.now();
    const response = await h.command(slackPeople.tech.id, 'help');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    const answer = await eventually(() => h.fake.callsOf('response_url')[before], 'the help answer');
    expect(answer.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answer.args['blocks'])).toContain('companies');
    expect(h.fake.messages('C0GENERAL').at(-1)?.visibleTo).toBe(slackPeople.tech.id);
  });

  it('serves nothing else under /slack/events', async () => {
    expect((await fetch(`${h.bot.url}/slack/events`)).status).toBe(404);
  });
});
