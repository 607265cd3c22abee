import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import { cardInvoke, channelMention, personalMessage } from '../helpers/teams-activities.ts';
import { approvalsHere, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

type Card = { body?: { type: string; text?: string; id?: string }[]; actions?: { verb?: string; data?: Record<string, unknown> }[]; refresh?: { userIds: string[] } };
const cardOf = (m: StoredActivity | undefined): Card => ((m?.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {});
const textOf = (card: Card): string => JSON.stringify(card.body ?? []);
const verbs = (card: Card): string[] => (card.actions ?? []).map((a) => String(a.verb));
const personal = (who: { id: string }) => `a:personal-${who.id}`;

let h: TeamsHarness;
/** Writes that reach Pax8 for real (the order dry runs the bot makes for previews are `isMock`). */
const writes = async (): Promise<unknown[]> =>
  ((await (await fetch(`${h.bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: { isMock: boolean }[] }).writes.filter((w) => !w.isMock);

/** Sends the buy command in personal chat and fills in the provisioning form; returns the request id. */
async function openBuyRequest(): Promise<string> {
  const sent = await h.post(personalMessage(h.serviceUrl, people.tech, 'buy "Aspen Logistics Group" "Exchange Online (Plan 1)" 3 monthly'));
  expect(sent.status).toBe(200);
  const form = await vi.waitFor(() => {
    const found = h.connector.messages(personal(people.tech)).find((m) => cardOf(m).actions?.some((a) => a.verb === 'submit_details'));
    if (!found) throw new Error('no form yet');
    return found;
  });
  const submit = cardOf(form).actions?.[0]?.data ?? {};
  const details = { detail__msCustExists: 'No, the customer does not have a Microsoft account', detail__msDomain: 'aspenlog', detail__mca2020FirstName: 'Al', detail__mca2020LastName: 'Aspen', detail__mca2020Email: 'al@aspen.example', detail__mca2020EffectiveDate: '2026-01-01' };
  const answer = await h.post(cardInvoke(h.serviceUrl, people.tech, personal(people.tech), form.id, { ...submit, ...details }));
  const body = (await answer.json()) as { statusCode: number; value: Card };
  expect(body.statusCode).toBe(200);
  expect(verbs(body.value), textOf(body.value)).toEqual(["cancel_request"]);
  const requestId = /Request ([0-9a-f-]{36})/.exec(textOf(body.value))?.[1];
  if (!requestId) throw new Error(`no request id in ${textOf(body.value)}`);
  return requestId;
}

const channelCopy = (requestId: string) => h.connector.messages(teamChannel).find((m) => textOf(cardOf(m)).includes(requestId));
const approve = (who: (typeof people)[keyof typeof people], requestId: string, data: Record<string, unknown> = {}) =>
  h.post(cardInvoke(h.serviceUrl, who, teamChannel, channelCopy(requestId)?.id ?? '', { verb: 'approve', requestId, version: 1, ...data }));

beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
});
afterAll(() => h.close());

describe('Teams approvals over real HTTP', () => {
  it('answers a channel @mention in its thread, except in the approvals channel, where the answer goes to the sender privately', async () => {
    const elsewhere = '19:5a1e5b0f2b6e4c0f8d3e9a7b6c5d4e3f@thread.tacv2';
    const mention = channelMention(h.serviceUrl, people.tech, 'help', undefined, elsewhere);
    expect((await h.post(mention)).status).toBe(200);
    const reply = h.connector.calls.find((c) => c.method === 'POST' && c.activityId === mention.id);
    expect(reply?.conversationId).toBe(`${elsewhere};messageid=${String(mention.id)}`);
    expect(JSON.stringify(reply?.body)).toContain('application/vnd.microsoft.card.adaptive');

    // Bob never wrote to the bot privately: the bot opens a personal chat with him.
    const bobsChat = () => h.connector.allMessages().filter((m) => m.conversationId.includes('personal') && m.conversationId.includes(people.bob.id));
    expect(bobsChat()).toHaveLength(0);
    const inApprovals = channelMention(h.serviceUrl, people.bob, 'companies Aspen');
    expect((await h.post(inApprovals)).status).toBe(200);
    const thread = `${teamChannel};messageid=${String(inApprovals.id)}`;
    const inThread = h.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === thread);
    expect(inThread).toHaveLength(1);
    expect(JSON.stringify(inThread[0]?.body)).toContain('answered you in our personal chat');
    expect(JSON.stringify(inThread[0]?.body)).not.toContain('Aspen');
    // The "working" card first, replaced by the list once Pax8 answered, in Bob's personal chat.
    await vi.waitFor(() => {
      const mine = bobsChat();
      expect(mine).toHaveLength(1);
      expect(textOf(cardOf(mine[0]))).toContain('Aspen Logistics Group');
    });
  });

  it('buy: form, approval card in the channel with refresh for approvers, one write after 20 concurrent approvals, every copy updated, requester told', async () => {
    const requestId = await openBuyRequest();
    const posted = await vi.waitFor(() => {
      const copy = channelCopy(requestId);
      if (!copy) throw new Error('no channel copy yet');
      return copy;
    });
    expect(verbs(cardOf(posted))).toEqual([]);
    expect(cardOf(posted).refresh?.userIds).toEqual(expect.arrayContaining([people.ann.id, people.bob.id, people.tech.id]));
    expect(cardOf(posted).refresh?.userIds).not.toContain(people.eve.id);

    const refresh = async (who: (typeof people)[keyof typeof people]) =>
      verbs(((await (await h.post(cardInvoke(h.serviceUrl, who, teamChannel, posted.id, { verb: 'refresh', requestId }, 'automatic'))).json()) as { value: Card }).value);
    expect(await refresh(people.ann)).toEqual(['approve', 'deny']);
    expect(await refresh(people.tech)).toEqual(['cancel_request']);
    expect(await refresh(people.eve)).toEqual([]);

    const self = (await (await approve(people.tech, requestId)).json()) as { value: Card };
    expect(textOf(self.value)).toMatch(/own request|not allowed/);
    const stranger = (await (await approve(people.eve, requestId)).json()) as { value: Card };
    expect(textOf(stranger.value)).toMatch(/not allowed|approver/i);
    expect(await writes()).toHaveLength(0);

    const answers = await Promise.all(Array.from({ length: 20 }, () => approve(people.ann, requestId)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    await vi.waitFor(() => expect(textOf(cardOf(channelCopy(requestId)))).toContain('Done in Pax8'), { timeout: 15_000 });
    expect(await writes()).toHaveLength(1);
    const requesterCopy = h.connector.messages(personal(people.tech)).find((m) => textOf(cardOf(m)).includes(requestId));
    expect(textOf(cardOf(requesterCopy))).toContain('Done in Pax8');
    await vi.waitFor(() => expect(h.connector.messages(personal(people.tech)).some((m) => textOf(cardOf(m)).includes('Request succeeded'))).toBe(true));
  });

  it('deny with the reason typed into the card', async () => {
    const requestId = await openBuyRequest();
    await vi.waitFor(() => expect(channelCopy(requestId)).toBeDefined());
    const answer = (await (await h.post(cardInvoke(h.serviceUrl, people.bob, teamChannel, channelCopy(requestId)?.id ?? '', { verb: 'deny', requestId, version: 1, reason: 'Use the spare E3 seats' }))).json()) as { value: Card };
    expect(textOf(answer.value)).toContain('Denied');
    await vi.waitFor(() => expect(textOf(cardOf(channelCopy(requestId)))).toContain('Use the spare E3 seats'));
    await vi.waitFor(() => expect(h.connector.messages(personal(people.tech)).some((m) => textOf(cardOf(m)).includes('Reason: Use the spare E3 seats'))).toBe(true));
  });

  it('a card Teams took as the bot stopped, never recorded, is kept up to date from its first click on, and decides once', async () => {
    const writesBefore = (await writes()).length;
    const requestId = await openBuyRequest();
    const posted = await vi.waitFor(() => {
      const copy = channelCopy(requestId);
      if (!copy) throw new Error('no channel copy yet');
      return copy;
    });
    // The card as Teams took it from the bot before a kill, while the catch-up posted the one recorded.
    const taken = await fetch(`${h.serviceUrl}v3/conversations/${encodeURIComponent(teamChannel)}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(posted.activity) });
    const { id: ghostId } = (await taken.json()) as { id: string };
    const recorded = async () => (await h.bot.store.chatRefs.messagesFor(requestId)).map((m) => m.messageId);
    expect(await recorded()).not.toContain(ghostId);

    const clickOnGhost = (who: (typeof people)[keyof typeof people]) => h.post(cardInvoke(h.serviceUrl, who, teamChannel, ghostId, { verb: 'approve', requestId, version: 1 }));
    expect((await clickOnGhost(people.ann)).status).toBe(200);
    const ghost = () => h.connector.messages(teamChannel).find((m) => m.id === ghostId);
    await vi.waitFor(() => expect(textOf(cardOf(ghost()))).toContain('Done in Pax8'), { timeout: 15_000 });
    expect(textOf(cardOf(channelCopy(requestId)))).toContain('Done in Pax8');
    // Recorded once each: the clicked card (under the thread's conversation id Teams gives a click) and the one posted.
    expect((await recorded()).filter((id) => id === ghostId)).toHaveLength(1);
    expect((await recorded()).filter((id) => id === posted.id)).toHaveLength(1);
    // The card clicked again, and the tracked one clicked: decided once, one write.
    expect((await clickOnGhost(people.bob)).status).toBe(200);
    expect((await approve(people.bob, requestId)).status).toBe(200);
    await h.bot.delivery.idle();
    expect((await writes()).slice(writesBefore)).toHaveLength(1);
    expect((await recorded()).filter((id) => id === posted.id)).toHaveLength(1);
  });

  it('a message Teams sends again gets no second answer and opens no second request', async () => {
    const before = (await h.bot.approvals.list({ limit: 100 })).length;
    const message = personalMessage(h.serviceUrl, people.tech, 'buy "Aspen Logistics Group" "Exchange Online (Plan 1)" 3 monthly msCustExists=no msDomain=aspen2 mca2020FirstName=Al mca2020LastName=Aspen mca2020Email=al@aspen.example mca2020EffectiveDate=2026-01-01');
    const replies = () => h.connector.calls.filter((c) => c.method === 'POST' && c.activityId === message.id).length;
    expect((await h.post(message)).status).toBe(200);
    expect((await h.post(message)).status).toBe(200);
    await vi.waitFor(async () => expect((await h.bot.approvals.list({ limit: 100 })).length).toBe(before + 1), { timeout: 15_000 });
    expect(replies()).toBe(1);
  });
});
