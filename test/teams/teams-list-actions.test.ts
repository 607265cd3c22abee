/**
 * The buttons on list rows in Teams, whole bot over HTTP: a row's Details, Seats, Cancel and Show
 * card answer in a new message (the list stays); Seats brings a card with a number input whose
 * answer is checked in the card and opens the request; `requests pending` → Approve decides through
 * the approval card's own path (one write, every copy updated), Deny asks for the reason the way
 * the card does (its Reason box), a demoted approver is refused, a requester sees no Approve.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import type { Subscription } from '../../src/pax8/index.ts';
import { subscriptionOnFirstPage } from '../helpers/pax8-sandbox.ts';
import { cardInvoke } from '../helpers/teams-activities.ts';
import { approvalsHere, askPrivately, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

type Action = { type: string; title?: string; verb?: string; data?: Record<string, unknown> };
type Element = { type: string; id?: string; text?: string; value?: unknown; items?: Element[]; columns?: { items?: Element[] }[]; actions?: Action[] };
type Card = { body?: Element[]; actions?: Action[]; refresh?: { userIds: string[] } };
type Person = (typeof people)[keyof typeof people];
type InvokeAnswer = { statusCode: number; type: string; value: unknown };

const cardOf = (m: StoredActivity | undefined): Card => ((m?.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {});
const flat = (elements: Element[] = []): Element[] => elements.flatMap((e) => [e, ...flat(e.items), ...flat((e.columns ?? []).flatMap((c) => c.items ?? []))]);
const allActions = (card: Card): Action[] => [...flat(card.body).flatMap((e) => e.actions ?? []), ...(card.actions ?? [])];
const textOf = (value: unknown): string => JSON.stringify(value ?? {});
const personal = (who: Person) => `a:personal-${who.id}`;

/** A list row's button: its title, on the row whose data names `id`. */
function rowAction(card: Card, title: string, id: string): Action {
  const action = allActions(card).find((a) => a.title === title && textOf(a.data).includes(id));
  if (!action) throw new Error(`no ${title} button for ${id} in ${textOf(card).slice(0, 2000)}`);
  return action;
}

let h: TeamsHarness;
/** Active, no commitment (a change runs at once), more than 2 seats, on the first page of its company's `subs`. */
let sub: Subscription;
const writesTo = async (id: string): Promise<number> =>
  ((await (await fetch(`${h.bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: { path: string; isMock?: boolean }[] }).writes.filter((w) => !w.isMock && w.path.includes(id)).length;
const stateOf = async (id: string) => (await h.bot.approvals.get(id))?.state;

beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
  sub = await subscriptionOnFirstPage(h.bot.pax8.get());
});
afterAll(() => h.close());

/** Says `text` in personal chat; the bot's answer whose card matches `answer`, as it is then. */
const ask = (who: Person, text: string, answer: RegExp): Promise<StoredActivity> => askPrivately(h, who, text, answer);

/** `who` clicks `action` on the message `on` in personal chat (plus what they typed into the card). */
async function press(who: Person, on: StoredActivity, action: Action, typed: Record<string, unknown> = {}): Promise<InvokeAnswer> {
  const response = await h.post(cardInvoke(h.serviceUrl, who, personal(who), on.id, { ...action.data, ...typed }));
  expect(response.status).toBe(200);
  return (await response.json()) as InvokeAnswer;
}

/** A click answered below the list: the new message whose card matches `answer`. */
async function pressForMessage(who: Person, on: StoredActivity, action: Action, answer: RegExp): Promise<StoredActivity> {
  const before = h.connector.messages(personal(who)).map((m) => m.id);
  const invoke = await press(who, on, action);
  expect(invoke).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
  return vi.waitFor(
    () => {
      const found = h.connector.messages(personal(who)).find((m) => !before.includes(m.id) && answer.test(textOf(cardOf(m))));
      if (!found) throw new Error('no new message yet');
      return found;
    },
    { timeout: 20_000, interval: 50 },
  );
}

const listStays = (list: StoredActivity) => expect(cardOf(h.connector.messages(personal(people.tech)).find((m) => m.id === list.id))).toEqual(cardOf(list));
const requestIdIn = (card: unknown) => /Request ([0-9a-f-]{36})/.exec(textOf(card))?.[1] ?? '';

describe('list rows’ buttons in Teams, whole bot over HTTP', () => {
  it('subs → Seats brings a card asking for the number, refuses what cannot be taken in the card, and opens the request for that subscription', async () => {
    const list = await ask(people.tech, `subs ${sub.companyId ?? ''}`, /Subscriptions of/);
    expect(textOf(cardOf(list))).toContain(`id ${sub.id.slice(0, 8)}`);
    const form = await pressForMessage(people.tech, list, rowAction(cardOf(list), 'Seats', sub.id), /New number of seats/);
    const input = flat(cardOf(form).body).find((e) => e.type === 'Input.Number');
    expect(input).toMatchObject({ id: 'quantity', value: sub.quantity });
    const submit = allActions(cardOf(form)).find((a) => a.verb === 'submit_seats');
    if (!submit) throw new Error('no submit button on the seats card');

    const current = sub.quantity ?? 0;
    const submitted = async (typed: Record<string, unknown>) => {
      const answer = await press(people.tech, form, submit, typed);
      expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
      return answer.value as Card;
    };
    const before = (await h.bot.approvals.list({ limit: 1000 })).length;
    expect(textOf(await submitted({}))).toContain('Type the number of seats it should have.');
    expect(textOf(await submitted({ quantity: '-3' }))).toMatch(/whole number.*use Cancel/);
    expect(textOf(await submitted({ quantity: 'ten' }))).toContain('\\"ten\\" cannot be taken');
    expect(textOf(await submitted({ quantity: String(current) }))).toContain(`It has ${current} seats now`);
    expect(await h.bot.approvals.list({ limit: 1000 })).toHaveLength(before);

    const opened = await submitted({ quantity: String(current + 2) });
    const requestId = requestIdIn(opened);
    expect(await h.bot.approvals.get(requestId)).toMatchObject({ kind: 'seats', state: 'pending', requester: { email: people.tech.email }, payload: { subscriptionId: sub.id, change: { mode: 'set', amount: current + 2 } } });
    await vi.waitFor(() => expect(h.connector.messages(teamChannel).some((m) => textOf(cardOf(m)).includes(requestId))).toBe(true), { timeout: 15_000 });
    listStays(list);
  });

  it('subs → Cancel opens the cancellation request and Details shows the subscription, each in a new message', async () => {
    const list = await ask(people.tech, `subs ${sub.companyId ?? ''}`, /Subscriptions of/);
    const cancel = await pressForMessage(people.tech, list, rowAction(cardOf(list), 'Cancel', sub.id), /Waiting for approval/);
    expect(await h.bot.approvals.get(requestIdIn(cardOf(cancel)))).toMatchObject({ kind: 'cancel', state: 'pending', payload: { subscriptionId: sub.id } });
    const detail = await pressForMessage(people.tech, list, rowAction(cardOf(list), 'Details', sub.id), new RegExp(sub.id));
    expect(textOf(cardOf(detail))).toContain(sub.productName ?? '');
    listStays(list);
  });

  /** `who` asks for one more seat; the request id. */
  async function pendingSeats(who: Person): Promise<string> {
    return requestIdIn(cardOf(await ask(who, `seats ${sub.id} +1`, /Waiting for approval/)));
  }
  const channelCopy = (requestId: string) => h.connector.messages(teamChannel).find((m) => textOf(cardOf(m)).includes(requestId));

  it('requests pending → Approve on a row approves once, runs the change once and updates the card everywhere', async () => {
    const requestId = await pendingSeats(people.tech);
    await vi.waitFor(() => expect(channelCopy(requestId)).toBeDefined(), { timeout: 15_000 });
    const writesBefore = await writesTo(sub.id);
    const list = await ask(people.ann, 'requests pending', /Requests waiting/);
    expect(textOf(cardOf(list))).toContain(`request ${requestId.slice(0, 8)}`);
    const approve = rowAction(cardOf(list), 'Approve', requestId);
    expect(approve.data).toEqual({ verb: 'approve', requestId, version: 1 });
    const answers = await Promise.all([0, 1, 2].map(() => press(people.ann, list, approve)));
    expect(answers.filter((a) => /Approved\. The request is now/.test(textOf(a.value)))).toHaveLength(1);
    await vi.waitFor(async () => expect(await stateOf(requestId)).toBe('succeeded'), { timeout: 15_000 });
    await vi.waitFor(() => expect(textOf(cardOf(channelCopy(requestId)))).toContain('Done in Pax8'), { timeout: 15_000 });
    const requesterCopy = h.connector.messages(personal(people.tech)).find((m) => requestIdIn(cardOf(m)) === requestId);
    await vi.waitFor(() => expect(textOf(cardOf(h.connector.messages(personal(people.tech)).find((m) => m.id === requesterCopy?.id)))).toContain('Done in Pax8'), { timeout: 15_000 });
    expect((await writesTo(sub.id)) - writesBefore).toBe(1);
  });

  it('requests pending → Deny on a row asks for the reason as the card does, in its Reason box', async () => {
    const requestId = await pendingSeats(people.tech);
    const list = await ask(people.bob, 'requests pending', /Requests waiting/);
    const deny = rowAction(cardOf(list), 'Deny', requestId);
    const asked = (await press(people.bob, list, deny)).value as Card;
    expect(textOf(asked)).toContain('Type a reason before you deny');
    expect(flat(asked.body).find((e) => e.type === 'Input.Text')?.id).toBe('reason');
    const denyOnCard = allActions(asked).find((a) => a.verb === 'deny');
    expect(denyOnCard?.data).toEqual({ verb: 'deny', requestId, version: 1 });
    expect(await stateOf(requestId)).toBe('pending');
    const denied = (await press(people.bob, list, denyOnCard ?? deny, { reason: 'Spare seats exist' })).value as Card;
    expect(textOf(denied)).toContain('Denied');
    expect((await h.bot.approvals.get(requestId))?.reason).toBe('Spare seats exist');
  });

  it('a requester sees no Approve on their own request; Show card posts the request’s live card', async () => {
    const own = await pendingSeats(people.bob);
    const list = await ask(people.bob, 'requests pending', /Requests waiting/);
    expect(() => rowAction(cardOf(list), 'Approve', own)).toThrow();
    const annList = await ask(people.ann, 'requests pending', /Requests waiting/);
    const before = h.connector.messages(personal(people.ann)).map((m) => m.id);
    const invoke = await press(people.ann, annList, rowAction(cardOf(annList), 'Show card', own));
    expect(invoke.type).toBe('application/vnd.microsoft.activity.message');
    const shown = await vi.waitFor(() => {
      const found = h.connector.messages(personal(people.ann)).find((m) => !before.includes(m.id) && requestIdIn(cardOf(m)) === own);
      if (!found) throw new Error('no card yet');
      return found;
    });
    // Posted read-only, as every copy: Teams asks for each approver's (and the requester's) own view.
    expect(cardOf(shown).refresh?.userIds).toEqual(expect.arrayContaining([people.ann.id, people.bob.id]));
    const annView = (await press(people.ann, shown, { type: 'Action.Execute', data: { verb: 'refresh', requestId: own } })).value as Card;
    expect(allActions(annView).map((a) => a.verb)).toEqual(['approve', 'deny']);
    const approved = (await press(people.ann, shown, rowAction(annView, 'Approve', own))).value as Card;
    expect(textOf(approved)).toMatch(/Approved/);
    await vi.waitFor(async () => expect(await stateOf(own)).toBe('succeeded'), { timeout: 15_000 });
    await vi.waitFor(() => expect(textOf(cardOf(h.connector.messages(personal(people.ann)).find((m) => m.id === shown.id)))).toContain('Done in Pax8'), { timeout: 15_000 });
  });

  it('an approver who lost the role since the list was shown is refused at once; nothing changes', async () => {
    const requestId = await pendingSeats(people.tech);
    const list = await ask(people.ann, 'requests pending', /Requests waiting/);
    const writesBefore = await writesTo(sub.id);
    h.connector.updateMember(people.ann.id, { email: 'ann@contractor.example', userPrincipalName: 'ann@contractor.example' });
    try {
      expect(textOf((await press(people.ann, list, rowAction(cardOf(list), 'Approve', requestId))).value)).toMatch(/not allowed to decide/);
      expect(textOf((await press(people.ann, list, rowAction(cardOf(list), 'Deny', requestId), { reason: 'no' })).value)).toMatch(/not allowed to decide/);
    } finally {
      h.connector.updateMember(people.ann.id, { email: people.ann.email ?? '', userPrincipalName: people.ann.email ?? '' });
    }
    expect(await h.bot.approvals.get(requestId)).toMatchObject({ state: 'pending', version: 1, approvedBy: [] });
    expect(await writesTo(sub.id)).toBe(writesBefore);
  });
});
