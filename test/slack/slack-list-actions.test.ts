/**
 * The buttons on list rows in Slack, whole bot over HTTP: `subs` → Seats opens a modal asking for
 * the number (refusing what cannot be taken in the modal) and opens the request; Cancel and
 * Details; `requests pending` → Approve decides through the approval card's own path (one write,
 * every copy updated), Deny asks for a reason in the same modal as the card, Show card posts the
 * card with the clicker's buttons. A list stays where it is while its rows are used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import type { Subscription } from '../../src/pax8/index.ts';
import { subscriptionOnFirstPage } from '../helpers/pax8-sandbox.ts';
import { approvalsChannel, buttonIn, eventually, generalChannel, rowButton, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann, bob } = slackPeople;

describe('list rows’ buttons in Slack, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  /** Active, no commitment (a change runs at once), more than 2 seats, on the first page of its company's `subs`. */
  let sub: Subscription;

  beforeAll(async () => {
    h = await startSlackBot();
    sub = await subscriptionOnFirstPage(h.bot.pax8.get());
  });
  afterAll(() => h.close());

  const privateTo = (user: string, channel = generalChannel) => h.fake.messages(channel).filter((m) => m.visibleTo === user);
  /**
   * Types `text` and waits for the private answer whose text matches `title` (past "working on it"):
   * a copy of it as it was then (the fake changes its messages in place when they are replaced).
   */
  async function listFor(user: string, text: string, title: RegExp): Promise<FakeSlackMessage> {
    const before = privateTo(user).map((m) => m.ts);
    expect((await h.command(user, text)).status).toBe(200);
    return structuredClone(await eventually(() => privateTo(user).find((m) => !before.includes(m.ts) && title.test(m.text)), `the answer to "${text}"`));
  }
  const stillThere = (list: FakeSlackMessage) => {
    const now = h.fake.messages(generalChannel).find((m) => m.ts === list.ts);
    expect(now?.blocks).toEqual(list.blocks);
  };
  const newCard = async (before: number) => eventually(() => h.fake.messages(approvalsChannel)[before], 'the approval card');
  const requestIdOf = (message: FakeSlackMessage) => /Request (\S+) ·/.exec(JSON.stringify(message.blocks))?.[1] ?? '';
  const stateOf = async (id: string) => (await h.bot.approvals.get(id))?.state;

  it('subs → Seats asks for the number in a modal, refuses what cannot be taken there, and opens the request for that subscription', async () => {
    const list = await listFor(tech.id, `subs ${sub.companyId ?? ''}`, /^Subscriptions of/);
    expect(JSON.stringify(list.blocks)).toContain(`id ${sub.id.slice(0, 8)}`);
    const opensBefore = h.fake.callsOf('views.open').length;
    expect((await h.press(tech.id, generalChannel, list, rowButton(list, 'Seats', sub.id))).status).toBe(200);
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the seats modal');
    const view = JSON.parse(String(opened.args['view'])) as { callback_id: string; blocks: { type: string; block_id?: string; element?: { type: string; initial_value?: string } }[] };
    expect(view.callback_id).toBe('submit_seats');
    const input = view.blocks.find((b) => b.type === 'input');
    expect(input).toMatchObject({ block_id: 'quantity', element: { type: 'number_input', initial_value: String(sub.quantity) } });

    const current = sub.quantity ?? 0;
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    const answer = async (value: string | null) => {
      const response = await h.submitView(tech.id, view, { quantity: { quantity: { type: 'number_input', value } } });
      expect(response.status).toBe(200);
      const text = await response.text();
      return text === '' ? {} : (JSON.parse(text) as { response_action?: string; errors?: Record<string, string> });
    };
    expect(await answer(null)).toEqual({ response_action: 'errors', errors: { quantity: 'Type the number of seats it should have.' } });
    expect((await answer('-3')).errors?.['quantity']).toMatch(/whole number.*use Cancel/);
    expect((await answer('abc')).errors?.['quantity']).toMatch(/"abc" cannot be taken/);
    expect((await answer(String(current))).errors?.['quantity']).toBe(`It has ${current} seats now: type the number it should have.`);
    expect(h.fake.messages(approvalsChannel)).toHaveLength(approvalsBefore);

    expect(await answer(String(current + 2))).toEqual({});
    const card = await newCard(approvalsBefore);
    const request = await h.bot.approvals.get(requestIdOf(card));
    expect(request).toMatchObject({ kind: 'seats', state: 'pending', requester: { email: tech.email }, payload: { subscriptionId: sub.id, change: { mode: 'set', amount: current + 2 } } });
    expect(card.text).toContain(`to ${current + 2}`);
    stillThere(list);
  });

  it('subs → Cancel opens the cancellation request, Details shows the subscription below the list', async () => {
    const list = await listFor(tech.id, `subs ${sub.companyId ?? ''}`, /^Subscriptions of/);
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.press(tech.id, generalChannel, list, rowButton(list, 'Cancel', sub.id))).status).toBe(200);
    const card = await newCard(approvalsBefore);
    expect(await h.bot.approvals.get(requestIdOf(card))).toMatchObject({ kind: 'cancel', state: 'pending', payload: { subscriptionId: sub.id } });

    const before = privateTo(tech.id).map((m) => m.ts);
    expect((await h.press(tech.id, generalChannel, list, rowButton(list, 'Details', sub.id), { actionTs: '1700000300.1' })).status).toBe(200);
    const detail = await eventually(() => privateTo(tech.id).find((m) => !before.includes(m.ts) && JSON.stringify(m.blocks).includes(sub.id)), 'the detail');
    expect(detail.text).toContain(sub.productName ?? '');
    stillThere(list);
  });

  /** `who` asks for one more seat on the subscription; the request id, once its card is posted. */
  async function pendingSeats(who: string): Promise<string> {
    const before = h.fake.messages(approvalsChannel).length;
    expect((await h.command(who, `seats ${sub.id} +1`)).status).toBe(200);
    return requestIdOf(await newCard(before));
  }

  it('requests pending → Approve on a row approves once, runs the change once and updates the card everywhere', async () => {
    const requestId = await pendingSeats(tech.id);
    const approverCopy = h.fake.messages(approvalsChannel).find((m) => requestIdOf(m) === requestId);
    const writesBefore = (await h.writes()).length;
    const list = await listFor(ann.id, 'requests pending', /^Requests waiting/);
    expect(JSON.stringify(list.blocks)).toContain(`request ${requestId.slice(0, 8)}`);
    const approve = rowButton(list, 'Approve', requestId);
    expect(JSON.parse(approve.value ?? '')).toEqual({ verb: 'approve', requestId, version: 1 });
    const clicks = await Promise.all([0, 1, 2].map((i) => h.press(ann.id, generalChannel, list, approve, { actionTs: `1700000400.${i}` })));
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
    await eventually(async () => (await stateOf(requestId)) === 'succeeded', 'the change to run');
    await h.bot.delivery.idle();
    expect((await h.writes()).slice(writesBefore).filter((w) => w.path.includes(sub.id))).toHaveLength(1);
    const updated = h.fake.messages(approvalsChannel).find((m) => m.ts === approverCopy?.ts);
    expect(updated?.text).toMatch(/Done in Pax8/);
    expect(updated && buttonIn(updated, 'approve')).toBeUndefined();
    await eventually(() => h.fake.callsOf('response_url').find((c) => /^Approved/.test(String(c.args['text'])) && (c.args['target'] as { user?: string }).user === ann.id), 'Ann told');
    stillThere(list);
  });

  it('requests pending → Deny on a row asks for the reason in the card’s modal; an empty reason is refused there', async () => {
    const requestId = await pendingSeats(tech.id);
    const list = await listFor(bob.id, 'requests pending', /^Requests waiting/);
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.press(bob.id, generalChannel, list, rowButton(list, 'Deny', requestId));
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the deny modal');
    const view = JSON.parse(String(opened.args['view'])) as Record<string, unknown>;
    expect(view['callback_id']).toBe('deny');
    expect(JSON.parse(String(view['private_metadata']))).toMatchObject({ data: { verb: 'deny', requestId, version: 1 } });
    const empty = await h.submitView(bob.id, view, { reason_input: { reason_input: { type: 'plain_text_input', value: ' ' } } });
    expect(await empty.json()).toMatchObject({ response_action: 'errors' });
    expect(await stateOf(requestId)).toBe('pending');
    await h.submitView(bob.id, view, { reason_input: { reason_input: { type: 'plain_text_input', value: 'Spare seats exist' } } });
    await eventually(async () => (await stateOf(requestId)) === 'denied', 'the denial');
    expect((await h.bot.approvals.get(requestId))?.reason).toBe('Spare seats exist');
  });

  it('a requester sees no Approve on their own request; Show card posts the card with the clicker’s buttons, kept up to date', async () => {
    const own = await pendingSeats(bob.id);
    const list = await listFor(bob.id, 'requests pending', /^Requests waiting/);
    expect(() => rowButton(list, 'Approve', own)).toThrow();
    const show = rowButton(list, 'Show card', own);
    expect(JSON.parse(show.value ?? '')).toEqual({ verb: 'choose', command: `request ${own}` });

    const annList = await listFor(ann.id, 'requests pending', /^Requests waiting/);
    const publicBefore = h.fake.messages(generalChannel).filter((m) => !m.visibleTo).length;
    await h.press(ann.id, generalChannel, annList, rowButton(annList, 'Show card', own));
    const shown = await eventually(() => h.fake.messages(generalChannel).filter((m) => !m.visibleTo)[publicBefore], 'the card shown');
    expect(requestIdOf(shown)).toBe(own);
    expect(buttonIn(shown, 'approve')).toBeDefined();
    expect(buttonIn(shown, 'cancel_request')).toBeUndefined();
    await h.press(ann.id, generalChannel, shown, rowButton(shown, 'Approve', own));
    await eventually(async () => (await stateOf(own)) === 'succeeded', 'the change to run');
    await h.bot.delivery.idle();
    const after = h.fake.messages(generalChannel).find((m) => m.ts === shown.ts);
    expect(after?.text).toMatch(/Done in Pax8/);
  });

  it('an approver who lost the role since the list was shown is refused at once; nothing changes', async () => {
    const requestId = await pendingSeats(tech.id);
    const list = await listFor(ann.id, 'requests pending', /^Requests waiting/);
    const writesBefore = (await h.writes()).length;
    h.fake.updateUser(ann.id, { email: 'ann@contractor.example' });
    try {
      await h.press(ann.id, generalChannel, list, rowButton(list, 'Approve', requestId), { actionTs: '1700000500.1' });
      await eventually(() => h.fake.callsOf('response_url').find((c) => /not allowed to decide/.test(String(c.args['text'])) && (c.args['target'] as { user?: string }).user === ann.id), 'the refusal');
      const opensBefore = h.fake.callsOf('views.open').length;
      await h.press(ann.id, generalChannel, list, rowButton(list, 'Deny', requestId), { actionTs: '1700000500.2' });
      await eventually(() => h.fake.callsOf('response_url').filter((c) => /not allowed to decide/.test(String(c.args['text'])) && (c.args['target'] as { user?: string }).user === ann.id)[1], 'the second refusal');
      expect(h.fake.callsOf('views.open').length).toBe(opensBefore);
    } finally {
      h.fake.updateUser(ann.id, { email: ann.email });
    }
    await h.bot.delivery.idle();
    expect(await h.bot.approvals.get(requestId)).toMatchObject({ state: 'pending', version: 1, approvedBy: [] });
    expect((await h.writes()).length).toBe(writesBefore);
  });
});
