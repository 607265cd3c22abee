/**
 * What the Teams door does with activities botbuilder would trip over (each found by
 * `teams-fuzz.test.ts`): a field of the wrong type, a character PostgreSQL cannot keep, an id that
 * cannot go into a reply's URL or header, a mention without its parts, an invoke the bot does not
 * take. Each is refused with a 4xx that says what is wrong, nothing is sent for it, and the bot
 * goes on answering; real Teams activities still pass.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkInboundActivity, withActivityDates } from '../../src/adapters/teams/inbound-activity.ts';
import { cardInvoke, channelMention, personalMessage } from '../helpers/teams-activities.ts';
import { people, sample, startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.ts';

type Json = Record<string, unknown>;
const personal = (who: { id: string }) => `a:personal-${who.id}`;

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(() => h.close());

/** Posts an activity and reads the answer; `sent` tells whether the bot called the Bot Connector about it. */
async function post(activity: Json): Promise<{ status: number; text: string; sent: () => boolean }> {
  const response = await h.post(activity);
  const id = activity.id;
  return { status: response.status, text: await response.text(), sent: () => h.connector.calls.some((c) => c.activityId === id || JSON.stringify(c.body ?? '').includes(String(id))) };
}

/** The bot still answers `help` in Tim's personal chat. */
async function stillAnswers(): Promise<void> {
  const ask = personalMessage(h.serviceUrl, people.tech, 'help');
  expect((await h.post(ask)).status).toBe(200);
  await vi.waitFor(() => expect(h.connector.calls.some((c) => c.activityId === ask.id && JSON.stringify(c.body).includes('What I can do'))).toBe(true));
}

const noWentWrong = () => expect(h.connector.calls.filter((c) => /went wrong/i.test(JSON.stringify(c.body ?? '')))).toEqual([]);

describe('the Teams door refuses what botbuilder would trip over', () => {
  const message = () => personalMessage(h.serviceUrl, people.tech, 'help');
  it.each([
    ['no type', (a: Json) => ({ ...a, type: undefined }), /^not a Teams activity: type: /],
    ['nothing but a serviceUrl', () => ({ serviceUrl: h.serviceUrl }), /^not a Teams activity: type: /],
    ['a conversationType that is not text', (a: Json) => ({ ...a, conversation: { ...(a.conversation as Json), conversationType: false } }), /conversation\.conversationType: .*expected string/],
    ['a from that is a list', (a: Json) => ({ ...a, from: ['29:tim'] }), /from: .*expected object/],
    ['a recipient without id', (a: Json) => ({ ...a, recipient: { name: 'pax8' } }), /recipient\.id: /],
    ['an entity without type', (a: Json) => ({ ...a, entities: [{ text: '<at>pax8</at>' }] }), /entities\.0\.type: /],
    ['a mention without the mentioned account', (a: Json) => ({ ...a, entities: [{ type: 'mention', text: '<at>pax8</at>' }] }), /entities\.0: a mention needs mentioned and text/],
    ['a NUL in the sender’s name', (a: Json) => ({ ...a, from: { ...(a.from as Json), name: 'Tim\u0000' } }), /from\.name: contains a NUL character/],
    ['half a surrogate pair in the conversation type', (a: Json) => ({ ...a, conversation: { ...(a.conversation as Json), conversationType: '\uD800' } }), /conversation\.conversationType: contains .*half a surrogate pair/],
    ['a control character in the conversation id', (a: Json) => ({ ...a, conversation: { ...(a.conversation as Json), id: 'a:personal\u001b[31m' } }), /conversation\.id: expected printable ASCII/],
    ['a conversation id too long for a URL', (a: Json) => ({ ...a, conversation: { ...(a.conversation as Json), id: `a:${'x'.repeat(20_000)}` } }), /conversation\.id: /],
  ])('%s: 400 naming the field, nothing sent', async (_name, change, problem) => {
    const activity = { ...change(message()), id: `door-${Math.random().toString(16).slice(2)}` };
    const answer = await post(activity);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(problem);
    expect(answer.sent()).toBe(false);
  });

  it('goes on answering after them, and told nobody that something went wrong', async () => {
    await stillAnswers();
    noWentWrong();
  });
});

describe('the Teams door answers what Teams may send', () => {
  it('an Action.Submit (a message with a value and no text) in a channel, with the bot’s mention: a normal answer', async () => {
    const mention = channelMention(h.serviceUrl, people.tech, 'help');
    const submit = { ...mention, text: undefined, value: { verb: 'approve', requestId: 'x' } };
    const answer = await post(submit);
    expect(answer.status).toBe(200);
    await vi.waitFor(() => expect(answer.sent()).toBe(true));
    noWentWrong();
  });

  it.each(['message/submitAction', 'task/fetch', 'signin/verifyState', 'config/fetch'])('an invoke it does not take (%s): 400 with an invoke error naming it', async (name) => {
    const invoke = { ...cardInvoke(h.serviceUrl, people.tech, personal(people.tech), '1', {}), name, value: { actionName: 'feedback', actionValue: { reaction: 'like' } } };
    const answer = await post(invoke);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: `this bot takes no "${name}" invoke` } });
  });

  it.each([['a number', 3.5], ['null', null], ['an action that is text', { action: 'approve' }]])('an adaptiveCard/action whose value is %s: 400 with an invoke error', async (_name, value) => {
    const invoke = { ...cardInvoke(h.serviceUrl, people.tech, personal(people.tech), '1', {}), value };
    const answer = await post(invoke);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest' } });
    noWentWrong();
  });

  it('every captured Teams activity in test/reference passes the door’s check', () => {
    const dir = join(import.meta.dirname, '..', 'reference', 'samples', 'teams');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(checkInboundActivity(sample(file)), file).toEqual({ ok: true });
  });

  it('a checked activity reaches the turn as botbuilder makes it: dates as dates, their text kept, the same object', () => {
    const body: Json = { ...personalMessage(h.serviceUrl, people.tech, 'help'), timestamp: '2026-11-30T09:15:00.123Z', localTimestamp: '2026-11-30T10:15:00.123+01:00', expiration: 'not a date' };
    const activity = withActivityDates(body) as Activity & Json;
    // The same object: the door's token check is kept by the object, for the adapter's check.
    expect(activity).toBe(body);
    expect(activity.timestamp).toEqual(new Date('2026-11-30T09:15:00.123Z'));
    expect(activity.rawTimestamp).toBe('2026-11-30T09:15:00.123Z');
    expect(activity.localTimestamp?.getTime()).toBe(Date.parse('2026-11-30T09:15:00.123Z'));
    expect(activity.rawLocalTimestamp).toBe('2026-11-30T10:15:00.123+01:00');
    expect(Number.isNaN(activity.expiration?.getTime())).toBe(true);
    expect(activity.rawExpiration).toBe('not a date');
    const { timestamp: _dropped, ...undated } = personalMessage(h.serviceUrl, people.tech, 'help');
    const without = withActivityDates(undated);
    expect('timestamp' in without || 'rawTimestamp' in without).toBe(false);
  });
});
