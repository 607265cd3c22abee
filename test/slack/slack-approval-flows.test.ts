import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmChannelOf, type FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { approvalsChannel, botToken, buttonIn, eventually, generalChannel, msDetails, slackPeople, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';

const buyText = `buy cedar dental "Exchange Online (Plan 1)" 3 monthly ${msDetails}`;
const { tech, ann, bob, anon } = slackPeople;

describe('approval flows in Slack, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot();
  });
  afterAll(() => h.close());

  let quantity = 10;
  /**
   * Types a buy (of its own quantity: the same words again while it is open would be that request)
   * and waits for both copies: the approvals channel's and the requester's.
   */
  async function requestPurchase(): Promise<{ requestId: string; text: string; approverCopy: FakeSlackMessage; requesterCopy: FakeSlackMessage }> {
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    const generalBefore = h.fake.messages(generalChannel).filter((m) => !m.visibleTo).length;
    const text = buyText.replace('3 monthly', `${(quantity += 1)} monthly`);
    expect((await h.command(tech.id, text)).status).toBe(200);
    const approverCopy = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the card in the approvals channel');
    const requesterCopy = await eventually(() => h.fake.messages(generalChannel).filter((m) => !m.visibleTo)[generalBefore], 'the requester copy');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(approverCopy.blocks))?.[1];
    if (!requestId) throw new Error('no request id on the card');
    return { requestId, text, approverCopy, requesterCopy };
  }

  const stateOf = async (id: string) => (await h.bot.approvals.get(id))?.state;

  it('buy → card to approvals → approve by an approver → one write → every copy updated → requester told', async () => {
    const writesBefore = (await h.writes()).length;
    const { requestId, approverCopy, requesterCopy } = await requestPurchase();
    expect(buttonIn(approverCopy, 'approve')).toBeDefined();
    expect(buttonIn(approverCopy, 'deny')).toBeDefined();
    expect(buttonIn(approverCopy, 'cancel_request')).toBeUndefined();
    expect(buttonIn(requesterCopy, 'cancel_request')).toBeDefined();
    expect(buttonIn(requesterCopy, 'approve')).toBeUndefined();
    expect(await stateOf(requestId)).toBe('pending');
    expect((await h.writes()).length).toBe(writesBefore);

    expect((await h.click(ann.id, approvalsChannel, approverCopy, 'approve')).status).toBe(200);
    await eventually(async () => (await stateOf(requestId)) === 'succeeded', 'the order to succeed');
    await h.bot.delivery.idle();
    const writes = (await h.writes()).slice(writesBefore);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'POST' });
    // The dry run the approver saw the verdict of sent this very order.
    const logged = ((await (await fetch(`${h.sandbox.url}/__sandbox/writes`)).json()) as { writes: { path: string; body: unknown; isMock?: true }[] }).writes.filter((w) => w.path.endsWith('/orders'));
    const [dryRun, order] = [logged.filter((w) => w.isMock === true).at(-1), logged.filter((w) => w.isMock !== true).at(-1)];
    expect(dryRun?.body).toEqual(order?.body);

    for (const [channel, copy] of [[approvalsChannel, approverCopy], [generalChannel, requesterCopy]] as const) {
      const now = h.fake.messages(channel).find((m) => m.ts === copy.ts);
      expect(now?.text).toMatch(/Done in Pax8/);
      // Every id says what it is.
      expect(JSON.stringify(now?.blocks)).toMatch(/\*Pax8 order\*\\n[0-9a-f-]{36}.*\*Subscription\*\\n[0-9a-f-]{36}/);
      expect(JSON.stringify(now?.blocks)).not.toContain('Pax8 ids');
      expect(now?.blocks.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    }
    const updated = h.fake.callsOf('chat.update').map((c) => c.args['ts']);
    expect(updated).toEqual(expect.arrayContaining([approverCopy.ts, requesterCopy.ts]));
    const dm = await eventually(() => h.fake.messages(dmChannelOf(tech.id)).find((m) => /was approved and Pax8 has done it/.test(JSON.stringify(m))), 'the DM to the requester');
    expect(dm.text).toBeTruthy();
    const ephemeral = h.fake.callsOf('chat.postEphemeral').find((c) => c.args['user'] === ann.id);
    expect(String(ephemeral?.args['text'])).toMatch(/Approved/);
  });

  it('self-approval is refused with a private explanation and changes nothing', async () => {
    // tech is not an approver; make the requester an approver instead: bob buys, bob clicks Approve.
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.command(bob.id, buyText.replace('3 monthly', '4 monthly'))).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the card');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1] ?? '';
    const updatesBefore = h.fake.callsOf('chat.update').length;
    await h.click(bob.id, approvalsChannel, card, 'approve');
    const refusal = await eventually(() => h.fake.callsOf('chat.postEphemeral').find((c) => c.args['user'] === bob.id && /own request/.test(String(c.args['text']))), 'the refusal');
    expect(refusal.args['channel']).toBe(approvalsChannel);
    expect(await stateOf(requestId)).toBe('pending');
    expect(h.fake.callsOf('chat.update').length).toBe(updatesBefore);
  });

  it('an unauthorised click gets a private explanation and changes nothing', async () => {
    const { requestId, approverCopy } = await requestPurchase();
    await h.click(anon.id, approvalsChannel, approverCopy, 'approve');
    await eventually(() => h.fake.callsOf('chat.postEphemeral').find((c) => c.args['user'] === anon.id), 'the refusal');
    await h.click(tech.id, approvalsChannel, approverCopy, 'deny');
    const refusal = await eventually(() => h.fake.callsOf('chat.postEphemeral').find((c) => c.args['user'] === tech.id && /not allowed/.test(String(c.args['text']))), 'the deny refusal');
    expect(refusal).toBeDefined();
    expect(h.fake.callsOf('views.open').some((c) => JSON.stringify(c.args).includes(requestId) && c.at > refusal.at)).toBe(false);
    expect(await stateOf(requestId)).toBe('pending');
  });

  it('deny opens a modal for the reason; the reason reaches the card and the requester', async () => {
    const { requestId, approverCopy } = await requestPurchase();
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(bob.id, approvalsChannel, approverCopy, 'deny');
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the deny modal');
    const view = JSON.parse(String(opened.args['view'])) as Record<string, unknown>;
    expect(view['callback_id']).toBe('deny');
    expect(JSON.stringify(view['blocks'])).toContain('reason_input');
    const empty = await h.submitView(bob.id, view, { reason_input: { reason_input: { type: 'plain_text_input', value: ' ' } } });
    expect(await empty.json()).toMatchObject({ response_action: 'errors' });
    expect(await stateOf(requestId)).toBe('pending');

    const submitted = await h.submitView(bob.id, view, { reason_input: { reason_input: { type: 'plain_text_input', value: 'Not in the budget this month' } } });
    expect(submitted.status).toBe(200);
    await eventually(async () => (await stateOf(requestId)) === 'denied', 'the denial');
    expect((await h.bot.approvals.get(requestId))?.reason).toBe('Not in the budget this month');
    await h.bot.delivery.idle();
    const card = h.fake.messages(approvalsChannel).find((m) => m.ts === approverCopy.ts);
    expect(JSON.stringify(card?.blocks)).toContain('Not in the budget this month');
    expect(card && buttonIn(card, 'approve')).toBeUndefined();
    await eventually(() => h.fake.messages(dmChannelOf(tech.id)).find((m) => m.text.includes('denied') || JSON.stringify(m.blocks).includes('Not in the budget')), 'the DM');
  });

  it('the same buy typed again while it is open answers with that request, saying so, and opens nothing new', async () => {
    const { requestId, text } = await requestPurchase();
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    const generalBefore = h.fake.messages(generalChannel).filter((m) => !m.visibleTo).length;
    expect((await h.command(tech.id, text)).status).toBe(200);
    const answer = await eventually(() => h.fake.messages(generalChannel).filter((m) => !m.visibleTo)[generalBefore], 'the answer');
    expect(JSON.stringify(answer.blocks)).toContain(requestId);
    expect(JSON.stringify(answer.blocks)).toMatch(/You asked for exactly this on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC and it is still waiting for approval, so nothing new was opened/);
    expect(buttonIn(answer, 'cancel_request')).toBeDefined();
    await h.bot.delivery.idle();
    expect(h.fake.messages(approvalsChannel)).toHaveLength(approvalsBefore);
    const summary = (await h.bot.approvals.get(requestId))?.summary;
    expect((await h.bot.approvals.list({ states: ['pending'] })).filter((r) => r.summary === summary)).toHaveLength(1);
    // Another person asking for the same is their own request.
    expect((await h.command(bob.id, text)).status).toBe(200);
    await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], "a card for the other person's request");
  });

  it('a card Slack took as the bot stopped, never recorded, is kept up to date from its first click on, and decides once', async () => {
    const writesBefore = (await h.writes()).length;
    const { requestId, approverCopy } = await requestPurchase();
    // The card as Slack took it from the bot before a kill, while the catch-up posted the one recorded.
    const posted = await fetch(`${h.fake.baseUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: approvalsChannel, text: approverCopy.text, blocks: approverCopy.blocks }),
    });
    const { ts } = (await posted.json()) as { ts: string };
    const kept = h.fake.messages(approvalsChannel).find((m) => m.ts === ts);
    if (!kept) throw new Error('the fake did not keep the card');
    // As the screen showed it before any update (the fake updates its messages in place).
    const ghost = structuredClone(kept);
    expect((await h.bot.store.chatRefs.messagesFor(requestId)).map((m) => m.messageId)).not.toContain(ts);

    expect((await h.click(ann.id, approvalsChannel, ghost, 'approve')).status).toBe(200);
    await eventually(async () => (await stateOf(requestId)) === 'succeeded', 'the order to succeed');
    await h.bot.delivery.idle();
    expect((await h.bot.store.chatRefs.messagesFor(requestId)).map((m) => m.messageId)).toContain(ts);
    for (const card of [ghost, approverCopy]) {
      const now = h.fake.messages(approvalsChannel).find((m) => m.ts === card.ts);
      expect(now?.text).toMatch(/Done in Pax8/);
      expect(now?.blocks.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    }
    // Its buttons, clicked again (a stale screen): decided once, one write, and the clicker told.
    const toBob = h.fake.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === bob.id).length;
    await h.click(bob.id, approvalsChannel, ghost, 'approve');
    await eventually(() => h.fake.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === bob.id)[toBob], 'the answer to the second click');
    await h.bot.delivery.idle();
    expect((await h.writes()).slice(writesBefore)).toHaveLength(1);
    expect((await h.bot.store.chatRefs.messagesFor(requestId)).filter((m) => m.messageId === ts)).toHaveLength(1);
  });

  it('a click whose button names no request the bot knows records nothing and is answered as before', async () => {
    const { approverCopy } = await requestPurchase();
    const button = buttonIn(approverCopy, 'approve');
    if (!button) throw new Error('no approve button');
    const value = { ...(JSON.parse(button.value ?? '{}') as Record<string, unknown>), requestId: 'not-a-request' };
    expect((await h.press(ann.id, approvalsChannel, approverCopy, { ...button, value: JSON.stringify(value) })).status).toBe(200);
    const answer = await eventually(() => h.fake.callsOf('chat.postEphemeral').find((c) => c.args['user'] === ann.id && /does not exist/.test(String(c.args['text']))), 'the private answer');
    expect(String(answer.args['text'])).toBe('That request does not exist (any more).');
  });

  it('the requester can cancel from their copy', async () => {
    const { requestId, requesterCopy } = await requestPurchase();
    await h.click(tech.id, generalChannel, requesterCopy, 'cancel_request');
    await eventually(async () => (await stateOf(requestId)) === 'cancelled', 'the cancellation');
  });
});

describe('scheduled changes in Slack, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot();
  });
  afterAll(() => h.close());

  /** A subscription whose 1-year commitment forbids a decrease now: `-1` waits for the renewal. */
  async function committedSubscription(): Promise<{ id: string; quantity: number }> {
    const now = h.bot.clock.now().getTime();
    for await (const s of h.bot.pax8.get().subscriptions.list({ status: 'Active' })) {
      const end = s.commitment?.endDate ? Date.parse(s.commitment.endDate) : Number.NaN;
      const start = s.startDate ? Date.parse(s.startDate) : Number.NaN;
      if (s.commitment?.term === '1-Year' && end - now > 20 * 86_400_000 && now - start > 8 * 86_400_000 && (s.quantity ?? 0) > 2) return { id: s.id, quantity: s.quantity ?? 0 };
    }
    throw new Error('no committed subscription in the sandbox');
  }

  it('an approved decrease waits for the renewal with a Withdraw button on every copy; an approver withdraws it', async () => {
    const sub = await committedSubscription();
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, `seats ${sub.id} -1`)).status).toBe(200);
    const approverCopy = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the card in the approvals channel');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(approverCopy.blocks))?.[1] ?? '';
    expect(JSON.stringify(approverCopy.blocks)).toContain('-1 seat, applied to the quantity Pax8 has when it runs');
    await h.click(ann.id, approvalsChannel, approverCopy, 'approve');
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'scheduled', 'the change to be scheduled');
    await h.bot.delivery.idle();
    const scheduledCopy = h.fake.messages(approvalsChannel).find((m) => m.ts === approverCopy.ts);
    if (!scheduledCopy) throw new Error('the approvals copy is gone');
    expect(buttonIn(scheduledCopy, 'withdraw')).toBeDefined();
    expect(buttonIn(scheduledCopy, 'approve')).toBeUndefined();

    // Someone the bot cannot identify as an approver is refused privately; nothing changes.
    const refusalsBefore = h.fake.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === anon.id).length;
    await h.click(anon.id, approvalsChannel, scheduledCopy, 'withdraw');
    await eventually(() => h.fake.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === anon.id)[refusalsBefore], 'the refusal');
    expect((await h.bot.approvals.get(requestId))?.state).toBe('scheduled');

    await h.click(bob.id, approvalsChannel, scheduledCopy, 'withdraw');
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'cancelled', 'the withdrawal');
    await h.bot.delivery.idle();
    const after = h.fake.messages(approvalsChannel).find((m) => m.ts === approverCopy.ts);
    expect(after && buttonIn(after, 'withdraw')).toBeUndefined();
    expect(JSON.stringify(after?.blocks)).toContain('withdrawn by Bob Approver before it ran');
    await eventually(() => h.fake.messages(dmChannelOf(tech.id)).find((m) => /was cancelled by Bob Approver/.test(JSON.stringify(m))), 'the DM to the requester');
    const audit = await h.bot.store.audit.list({});
    expect(audit.filter((a) => a.requestId === requestId).at(-1)).toMatchObject({ actorEmail: 'bob@msp.example', role: 'approver', toState: 'cancelled' });
    expect((await h.writes()).some((w) => w.path.includes(sub.id))).toBe(false);
  });
});
