/**
 * The door at /slack/events, whole bot over HTTP: a request must be signed, recent (five minutes
 * either way) and shaped like what Slack sends before Bolt or a handler sees it. A signed but
 * malformed body gets a 400 with a short reason, one warning in the log, no Slack or Pax8 call,
 * and the bot keeps answering.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, generalChannel, slackPeople, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';
import { postSigned, sampleJson, signatureSample, slashCommandBody } from '../helpers/slack-requests.ts';

const { tech } = slackPeople;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A submission of our deny modal, as Slack sends it, with `view` changed. */
const denySubmission = (view: Record<string, unknown>) => {
  const sample = sampleJson('view-submission.json');
  return payload({ ...sample, view: { ...(sample['view'] as object), callback_id: 'deny', ...view } });
};

describe('the Slack request door, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  const logLines: string[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);

  beforeAll(async () => {
    const log = new PassThrough();
    log.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().split('\n').filter((l) => l !== '')));
    h = await startSlackBot({ log });
    process.on('unhandledRejection', onRejection);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await h.close();
  });
  beforeEach(() => {
    logLines.length = 0;
  });

  /** The help answer still arrives: the process and Bolt are alive. */
  async function stillAnswers(): Promise<void> {
    const before = h.fake.callsOf('response_url').length;
    expect((await h.command(tech.id, 'help')).status).toBe(200);
    await eventually(() => h.fake.callsOf('response_url')[before], 'the help answer');
  }

  const warnings = () => logLines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((l) => l.level === 40);

  const signedButMalformed: [string, string, string?][] = [
    ['payload is JSON null', form({ payload: 'null' })],
    ['payload is a number', form({ payload: '5' })],
    ['payload is a JSON string', form({ payload: '"block_actions"' })],
    ['payload is an array', form({ payload: '[]' })],
    ['payload is not JSON', form({ payload: '{not json' })],
    ['payload has no type', payload({ user: { id: tech.id } })],
    ['payload has a type the bot does not handle', payload({ type: 'shortcut', callback_id: 'x', user: { id: tech.id }, trigger_id: 't' })],
    ['view_submission without a view', payload({ ...sampleJson('view-submission.json'), view: undefined })],
    ['view_submission whose view is null', payload({ ...sampleJson('view-submission.json'), view: null })],
    ['view_submission whose state is a string', denySubmission({ state: 'x' })],
    ['view_submission whose input value is an object', denySubmission({ state: { values: { reason_input: { reason_input: { type: 'plain_text_input', value: { $gt: '' } } } } } })],
    ['view_submission of a modal the bot did not open', payload({ ...sampleJson('view-submission.json') })],
    ['block_actions without a user', payload({ ...sampleJson('block-actions.button.json'), user: null })],
    ['block_actions with no actions', payload({ ...sampleJson('block-actions.button.json'), actions: [] })],
    ['block_actions whose action value is a number', payload({ ...sampleJson('block-actions.button.json'), actions: [{ type: 'button', action_id: 'approve', block_id: 'b', value: 5, action_ts: '1' }] })],
    ['two payloads', `${form({ payload: '{}' })}&${form({ payload: '{}' })}`],
    ['a slash command without user_id', form({ command: '/pax8', text: 'help', channel_id: generalChannel, trigger_id: 't', response_url: 'https://hooks.slack.com/x', team_id: 'T1' })],
    ['a slash command with text twice', `${slashCommandBody({ user: tech.id, channel: generalChannel, text: 'help', responseUrl: 'https://hooks.slack.com/x' })}&text=buy`],
    ['a form that is neither a command nor a payload', form({ hello: 'world' })],
    ['a JSON body that is null', 'null', 'application/json'],
    ['a JSON body that is not an event the bot takes', JSON.stringify({ type: 'event_callback' }), 'application/json'],
  ];

  it.each(signedButMalformed)('refuses a signed request whose %s with 400, a reason, one warning, and keeps running', async (_what, body, contentType) => {
    const callsBefore = h.fake.calls.length;
    const writesBefore = (await h.writes()).length;
    const response = await postSigned(h.bot.url, body, { timeoutMs: 5_000, ...(contentType ? { contentType } : {}) });
    expect(response.status).toBe(400);
    const said = await response.text();
    expect(said).toMatch(/^Bad Slack request: .{3,200}\n$/);
    expect(h.fake.calls.slice(callsBefore)).toEqual([]);
    expect(warnings()).toHaveLength(1);
    expect(logLines.join('\n')).not.toContain(signatureSample.signing_secret);
    await stillAnswers();
    expect((await h.writes()).length).toBe(writesBefore);
    expect(rejections).toEqual([]);
  });

  it('checks the signature before the shape: an unsigned or badly signed malformed request is 401, not 400', async () => {
    const body = form({ payload: 'null' });
    expect((await postSigned(h.bot.url, body, { secret: 'not-the-signing-secret', timeoutMs: 5_000 })).status).toBe(401);
    const unsigned = await fetch(`${h.bot.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(5_000) });
    expect(unsigned.status).toBe(401);
    expect(rejections).toEqual([]);
    await stillAnswers();
  });

  it('refuses a request stamped more than five minutes in the future, as one from the past', async () => {
    const callsBefore = h.fake.calls.length;
    const body = (text: string) => slashCommandBody({ user: tech.id, channel: generalChannel, text, responseUrl: h.fake.responseUrl(generalChannel, tech.id) });
    expect((await postSigned(h.bot.url, body('help'), { timestamp: String(nowSeconds() + 10 * 60) })).status).toBe(401);
    expect((await postSigned(h.bot.url, body('help'), { timestamp: String(nowSeconds() - 10 * 60) })).status).toBe(401);
    expect((await postSigned(h.bot.url, body('help'), { timestamp: 'soon' })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.calls.slice(callsBefore)).toEqual([]);
    // Clocks a little apart are fine, either way.
    const before = h.fake.callsOf('response_url').length;
    expect((await postSigned(h.bot.url, body('help'), { timestamp: String(nowSeconds() + 4 * 60) })).status).toBe(200);
    expect((await postSigned(h.bot.url, body('help'), { timestamp: String(nowSeconds() - 4 * 60) })).status).toBe(200);
    await eventually(() => h.fake.callsOf('response_url')[before + 1], 'both answers');
  });

  it('still serves the url_verification challenge and the ssl_check Slack sends unsigned', async () => {
    const verification = await postSigned(h.bot.url, JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' }), { contentType: 'application/json' });
    expect(await verification.json()).toEqual({ challenge: 'c-123' });
    const ssl = await fetch(`${h.bot.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=x', signal: AbortSignal.timeout(5_000) });
    expect(ssl.status).toBe(200);
  });
});
