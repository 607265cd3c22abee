/**
 * The Teams door under hostile activities, over real HTTP: message activities (typed text, an
 * Action.Submit's `value`) and invoke activities (`adaptiveCard/action`, `message/submitAction`,
 * names Teams never sends) built from the documented samples, with generated hostile values put in
 * any field or fields taken out. Whatever arrives, the bot answers 2xx or 4xx, answers an invoke with
 * an invoke response, keeps answering, writes nothing to Pax8, and every card it sends is a valid
 * Adaptive Card 1.5 with no binding of its template left in it. The seed is fixed, so a run is
 * repeatable and takes a few seconds; `TEAMS_FUZZ_SEED` and `TEAMS_FUZZ_RUNS` explore further.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cardVerbs, commandWords } from '../../src/wire-ids.ts';
import { schemaErrors } from '../cards/adaptive-card-validators.ts';
import { botAddedToTeam, cardInvoke, channelMention, personalMessage } from '../helpers/teams-activities.ts';
import { people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

type Json = Record<string, unknown>;
const cardType = 'application/vnd.microsoft.card.adaptive';
const cardsDir = join(import.meta.dirname, '..', '..', 'cards');
const personal = (who: { id: string }) => `a:personal-${who.id}`;

/** Takes a field out of an activity when it stands where a value would go. */
const missing = Symbol('missing');

const adaptiveCardAsText = JSON.stringify({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${$root.secret}' }], actions: [{ type: 'Action.Execute', verb: 'approve' }] });
const hostileText = fc.constantFrom(
  '${request.id}',
  'Acme ${request.id}',
  '${$root}',
  '${ title }',
  '${if(true, "x", "y")}',
  '${',
  '<!channel>',
  '<!here> <@U0ANN> <#C0GENERAL|general>',
  '<at>Pax8</at>',
  '<at>Pax8</at> <at>Eve Else</at> help',
  '<at></at><at>',
  adaptiveCardAsText,
  '\u0000\u0001\u0007\u001b[31m\u007f',
  '\u202Eevil\u202C \u2028\u2029 \uFEFF\u200B',
  '\uD800 lone surrogate',
  '*bold* _it_ ~strike~ `code` > quote & < >',
  'company ${request.id}',
  'products ${$root}',
  'approve',
  'help',
  'requests pending',
  '',
  ' ',
  '__proto__',
  'constructor',
);
const hugeText = fc.integer({ min: 4_000, max: 60_000 }).map((n) => `company ${'${x}'.repeat(n / 4)}`);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileText },
  { weight: 1, arbitrary: hugeText },
  { weight: 2, arbitrary: fc.constant(missing) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileText, fc.constant(null), fc.integer()), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, fc.oneof(hostileText, fc.constant(null)), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Fields of a Teams activity, as paths; a mutation puts a hostile value at one of them. */
const fields = [
  'type', 'id', 'name', 'text', 'textFormat', 'locale', 'timestamp', 'localTimestamp', 'replyToId', 'channelId', 'serviceUrl',
  'from', 'from.id', 'from.name', 'from.aadObjectId',
  'recipient', 'recipient.id', 'recipient.name',
  'conversation', 'conversation.id', 'conversation.conversationType', 'conversation.tenantId', 'conversation.isGroup',
  'channelData', 'channelData.tenant', 'channelData.tenant.id', 'channelData.source', 'channelData.legacy',
  'entities', 'entities.0', 'entities.0.type', 'entities.0.text', 'entities.0.mentioned', 'entities.0.mentioned.id',
  'attachments', 'value', 'value.action', 'value.action.type', 'value.action.verb', 'value.action.data', 'value.action.data.verb',
  'value.action.data.requestId', 'value.action.data.command', 'value.action.data.page', 'value.action.data.version', 'value.action.data.reason',
  'value.action.data.detail__msDomain', 'value.trigger', 'value.actionName', 'value.actionValue',
] as const;

const person = fc.constantFrom(...Object.values(people));
const verb = fc.oneof(fc.constantFrom(...cardVerbs), hostileText);
const command = fc.oneof(fc.constantFrom(...commandWords), fc.tuple(fc.constantFrom(...commandWords), hostileText).map(([w, t]) => `${w} ${t}`), hostileText);
const actionData = fc.record(
  { verb, requestId: fc.oneof(fc.uuid(), hostileText), command, page: fc.oneof(fc.integer({ min: -2, max: 5 }), hostileText), version: fc.integer({ min: 0, max: 3 }), reason: hostileText, quantity: fc.oneof(fc.integer({ min: -5, max: 200_000 }), hostileText) },
  { requiredKeys: ['verb'] },
);

/** A well-formed activity of each kind the door sees, before the hostile values go in. */
const baseActivity: fc.Arbitrary<Json> = fc.oneof(
  fc.tuple(person, command).map(([who, text]) => personalMessage('', who, text)),
  fc.tuple(person, command).map(([who, text]) => channelMention('', who, text)),
  // An Action.Submit: Teams sends the card's data as the `value` of a message with no text.
  fc.tuple(person, actionData).map(([who, data]) => ({ ...personalMessage('', who, ''), text: undefined, value: data })),
  fc.tuple(person, actionData, fc.constantFrom('manual', 'automatic'), fc.boolean()).map(([who, data, trigger, inChannel]) =>
    cardInvoke('', who, inChannel ? teamChannel : personal(who), '1800000000000', data, trigger),
  ),
  fc.tuple(person, hostileText).map(([who, feedback]) => ({
    ...cardInvoke('', who, personal(who), '1', {}),
    name: 'message/submitAction',
    value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback } },
  })),
  fc.tuple(person, fc.oneof(fc.constantFrom('composeExtension/query', 'task/fetch', 'signin/verifyState', 'config/fetch'), hostileText)).map(([who, name]) => ({ ...cardInvoke('', who, personal(who), '1', {}), name })),
);

const mutations = fc.array(fc.tuple(fc.constantFrom(...fields), hostileValue), { maxLength: 3 });

/** `activity` with `value` at `path` (or the field taken out); objects on the way are made as needed. */
function put(activity: Json, path: string, value: unknown): Json {
  const copy = structuredClone(activity);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = keys.at(-1) ?? '';
  if (value === missing) delete at[last];
  else at[last] = value;
  return copy;
}

let h: TeamsHarness;
/** Every text the fuzz sent: a `${` a card shows must come from one of them, not from a template. */
const sentText: string[] = [];
const invokeAnswers: unknown[] = [];

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (typeof value === 'object' && value !== null) Object.entries(value).forEach(([key, item]) => (collectStrings(key, into), collectStrings(item, into)));
}

/** Each card in what the bot sent to the Bot Connector (posts and updates). */
function cardsSent(): unknown[] {
  return h.connector.calls.flatMap((call) => {
    const attachments = (call.body as { attachments?: { contentType?: string; content?: unknown }[] } | undefined)?.attachments ?? [];
    return attachments.filter((a) => a.contentType === cardType).map((a) => a.content);
  });
}

/** Every `${…}` binding the templates in `cards/` hold. */
function templateBindings(): Set<string> {
  const strings: string[] = [];
  for (const file of readdirSync(cardsDir).filter((f) => f.endsWith('.json'))) collectStrings(JSON.parse(readFileSync(join(cardsDir, file), 'utf8')), strings);
  return new Set(strings.flatMap((s) => [...s.matchAll(/\$\{[^{}]*\}/g)].map((m) => m[0])));
}

/** The template bindings a card still shows that no text the fuzz sent contains: bindings the template left unexpanded. */
function unexpandedBindings(card: unknown, bindings: Set<string>, sent: string): string[] {
  const strings: string[] = [];
  collectStrings(card, strings);
  return [...bindings].filter((binding) => strings.some((s) => s.includes(binding)) && !sent.includes(binding));
}

const writes = async (): Promise<unknown[]> =>
  ((await (await fetch(`${h.bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: { isMock: boolean }[] }).writes.filter((w) => !w.isMock);

/** Waits until the bot has sent nothing for half a second: the answers it finishes in the background are in. */
async function quiet(): Promise<void> {
  let seen = -1;
  while (seen !== h.connector.calls.length) {
    seen = h.connector.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  h = await startTeamsHarness();
  expect((await h.post(botAddedToTeam(h.serviceUrl))).status).toBe(200);
});
afterAll(() => h.close());

describe('the Teams door under hostile activities', () => {
  it('answers every activity with 2xx or 4xx, and every invoke with an invoke response', async () => {
    await fc.assert(
      fc.asyncProperty(baseActivity, mutations, async (base, changes) => {
        const activity = changes.reduce<Json>((a, [path, value]) => put(a, path, value), { ...base, serviceUrl: h.serviceUrl });
        collectStrings(activity, sentText);
        const response = await h.post(activity);
        const text = await response.text();
        expect(response.status, `${response.status} ${text} for ${JSON.stringify(activity).slice(0, 500)}`).toSatisfy((s: number) => (s >= 200 && s < 300) || (s >= 400 && s < 500));
        // An invoke the door let in is answered with an invoke response; the door's own refusals (4xx) are plain text.
        const json = response.headers.get('content-type')?.startsWith('application/json') ?? false;
        if (activity.type !== 'invoke' || (!json && response.status >= 400)) return;
        expect(json, `an invoke answered ${response.status} without an invoke response: ${text}`).toBe(true);
        const answer = JSON.parse(text) as { statusCode?: unknown; type?: unknown; value?: unknown };
        expect(answer.statusCode, text).toBe(response.status);
        if (answer.type === cardType) invokeAnswers.push(answer.value);
        else expect(answer, text).toMatchObject({ type: 'application/vnd.microsoft.error', value: { code: expect.any(String), message: expect.any(String) } });
      }),
      { numRuns: Number(process.env.TEAMS_FUZZ_RUNS ?? 120), seed: Number(process.env.TEAMS_FUZZ_SEED ?? 20_261_130), endOnFailure: true },
    );
  });

  it('keeps answering: help still works', async () => {
    const ask = personalMessage(h.serviceUrl, people.tech, 'help');
    expect((await h.post(ask)).status).toBe(200);
    await vi.waitFor(() => expect(h.connector.calls.some((c) => c.activityId === ask.id && JSON.stringify(c.body).includes('What I can do'))).toBe(true), { timeout: 10_000 });
    await quiet();
  });

  it('wrote nothing to Pax8', async () => {
    expect(await writes()).toEqual([]);
  });

  it('sent only valid Adaptive Cards 1.5 with no binding of a template left in them', () => {
    const cards = [...cardsSent(), ...invokeAnswers];
    expect(cards.length).toBeGreaterThan(20);
    const bindings = templateBindings();
    expect(bindings.size).toBeGreaterThan(50);
    const sent = sentText.join('\n');
    for (const card of cards) {
      expect(schemaErrors(card), JSON.stringify(card).slice(0, 1_000)).toEqual([]);
      expect(unexpandedBindings(card, bindings, sent), JSON.stringify(card).slice(0, 1_000)).toEqual([]);
    }
  });

  it('never told anyone that something went wrong', () => {
    const said = h.connector.calls.map((c) => JSON.stringify(c.body ?? '')).filter((body) => /went wrong/i.test(body));
    expect(said).toEqual([]);
  });
});
