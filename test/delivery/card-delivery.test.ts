import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalCardData } from '../../src/cards/present/approval-card-data.ts';
import { type CardDelivery, createCardDelivery } from '../../src/delivery/create-card-delivery.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createPgliteDb } from '../../src/store/create-pglite-db.ts';
import { type Store, storeFromDb } from '../../src/store/open-store.ts';
import { runMigrations } from '../../src/store/run-migrations.ts';
import { createManualClock } from '../../src/util/clock.ts';
import type { ApprovalRequestView } from '../../src/views/index.ts';
import { createFakePax8 } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, testEngine, uniqueId, seatChange } from '../helpers/approvals-harness.ts';
import { recordingOutbox, type Sent } from '../helpers/recording-outbox.ts';

const stateOf = (s: Sent) => (s.view.kind === 'approvalRequest' ? s.view.request.state : s.view.kind);

describe('card delivery', () => {
  const clock = createManualClock('2026-11-02T09:00:00Z');
  let store: Store;
  let delivery: CardDelivery;
  let slack: ReturnType<typeof recordingOutbox>;
  let teams: ReturnType<typeof recordingOutbox>;
  let setup: ReturnType<typeof testEngine> & { pax8: ReturnType<typeof createFakePax8> };

  beforeAll(async () => {
    const db = await createPgliteDb('memory://');
    await runMigrations(db);
    store = storeFromDb(db);
  });
  afterAll(() => store.close());

  beforeEach(async () => {
    const pax8 = createFakePax8(clock);
    setup = { ...testEngine({ store, pax8: pax8.port, clock }), pax8 };
    slack = recordingOutbox('slack');
    teams = recordingOutbox('teams');
    delivery = createCardDelivery({ engine: setup.engine, store, outboxes: [slack, teams], configuredChannels: { slack: 'C0APPROVALS' }, clock, log: createSilentLogger() });
    await store.chatRefs.putConversation('teams', 'approvals-channel', { conversationId: '19:approvals@thread.tacv2' }, clock.now());
  });
  afterEach(() => delivery.stop());

  async function seatsRequest(from = 5, to = 7, tag = uniqueId('req')) {
    const subscriptionId = uniqueId('sub');
    setup.pax8.addSubscription({ id: subscriptionId, companyId: 'co-1', productId: 'p-1', quantity: from });
    const submitted = await setup.engine.submit({
      kind: 'seats',
      payload: { subscriptionId, companyId: 'co-1', companyName: 'Contoso', productName: 'M365 E3', ...seatChange(from, to), unitMonthlyCost: 20 },
      requester: rita,
      summary: `Contoso: M365 E3 seats ${from} → ${to} (${tag})`,
      idempotencyKey: uniqueId('event'),
    });
    if (!submitted.ok) throw new Error(`submit refused: ${submitted.reason}`);
    await delivery.idle();
    return submitted.request;
  }

  it('posts a new request to the approvals channel of every platform, from config or from "approvals here"', async () => {
    const request = await seatsRequest();
    expect(slack.sent.map((s) => [s.op, 'conversationId' in s ? s.conversationId : '', stateOf(s)])).toEqual([['post', 'C0APPROVALS', 'pending']]);
    expect(teams.sent.map((s) => [s.op, 'conversationId' in s ? s.conversationId : '', stateOf(s)])).toEqual([['post', '19:approvals@thread.tacv2', 'pending']]);
    expect(await store.chatRefs.messagesFor(request.id)).toEqual([
      expect.objectContaining({ platform: 'slack', conversationId: 'C0APPROVALS', messageId: expect.stringMatching(/^slack-msg-/) }),
      expect.objectContaining({ platform: 'teams', conversationId: '19:approvals@thread.tacv2', messageId: expect.stringMatching(/^teams-msg-/) }),
    ]);
  });

  it('updates every copy after a decision on any platform, in order, and tells the requester once', async () => {
    const request = await seatsRequest();
    const [channelCopy] = await store.chatRefs.messagesFor(request.id);
    await delivery.recordCopy(request.id, 'slack', 'D0RITA', 'slack-reply-1');
    const decided = await setup.engine.approve({ requestId: request.id, actor: actor('ann@msp.example') });
    expect(decided.ok).toBe(true);
    await delivery.idle();
    const slackUpdates = slack.sent.filter((s) => s.op === 'update');
    // Each transition re-renders every Slack copy (channel card and the requester's reply) from the stored state.
    expect(new Set(slackUpdates.map((s) => (s.op === 'update' ? s.message.messageId : '')))).toEqual(new Set([channelCopy?.messageId, 'slack-reply-1']));
    expect(slackUpdates.map(stateOf).at(-1)).toBe('succeeded');
    expect(teams.sent.filter((s) => s.op === 'update').map(stateOf).at(-1)).toBe('succeeded');
    const last = slackUpdates.at(-1);
    expect(last?.view.kind === 'approvalRequest' && last.view.request.actions).toEqual([]);
    const notices = slack.sent.filter((s) => s.op === 'notify');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ recipient: { userId: 'U_RITA', email: 'rita@msp.example' }, view: { kind: 'notice', tone: 'success' } });
    expect(teams.sent.filter((s) => s.op === 'notify')).toEqual([]);
    expect(setup.pax8.applied).toHaveLength(1);
  });

  it('updates every copy after the first of two approvals, showing it, and keeps the buttons working', async () => {
    const request = await seatsRequest(5, 100);
    expect(request.approvalsNeeded).toBe(2);
    await delivery.recordCopy(request.id, 'slack', 'D0RITA', 'slack-reply-2');
    const voted = await setup.engine.approve({ requestId: request.id, actor: actor('ann@msp.example'), version: request.version });
    expect(voted).toMatchObject({ ok: true, outcome: 'needs_second_approver' });
    await delivery.idle();
    const updated = (outbox: typeof slack) => outbox.sent.flatMap((s) => (s.op === 'update' ? [{ key: `${outbox.platform}:${s.message.messageId}`, view: s.view }] : []));
    const updates = [...updated(slack), ...updated(teams)];
    expect(updates.map((u) => u.key).sort()).toEqual(
      (await store.chatRefs.messagesFor(request.id)).map((m) => `${m.platform}:${m.messageId}`).sort(),
    );
    for (const update of updates) {
      expect(update.view).toMatchObject({ kind: 'approvalRequest', request: { state: 'pending', version: request.version, approvedBy: ['ann@msp.example'], approvalsNeeded: 2 } });
      const shown = approvalCardData((update.view as ApprovalRequestView).request, { canDecide: true, isRequester: false });
      expect(shown.facts).toContainEqual({ title: 'Approvals', value: 'ann@msp.example (1 of 2; one more approver needed)' });
      expect(shown.buttons.map((b) => b.data.version)).toEqual([request.version, request.version]);
    }
    expect([...slack.sent, ...teams.sent].filter((s) => s.op === 'notify')).toEqual([]);
  });

  it('tells the requester about a denial with its reason, but not about a cancellation of their own', async () => {
    const denied = await seatsRequest();
    await setup.engine.deny({ requestId: denied.id, actor: actor('bob@msp.example'), reason: 'budget is frozen' });
    const cancelled = await seatsRequest(5, 6);
    await setup.engine.cancel({ requestId: cancelled.id, actor: { email: rita.email, platform: 'slack' } });
    await delivery.idle();
    const notices = slack.sent.filter((s) => s.op === 'notify');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.view).toMatchObject({ kind: 'notice', title: 'Request denied' });
    expect(notices[0]?.view.kind === 'notice' && notices[0].view.message).toMatch(/denied by bob@msp\.example\. Reason: budget is frozen/);
  });

  it('keeps delivering to one platform when the other fails', async () => {
    const failing = recordingOutbox('teams', { failPosts: true });
    delivery.stop();
    delivery = createCardDelivery({ engine: setup.engine, store, outboxes: [slack, failing], configuredChannels: { slack: 'C0APPROVALS' }, clock, log: createSilentLogger() });
    const request = await seatsRequest();
    expect(slack.sent.filter((s) => s.op === 'post')).toHaveLength(1);
    expect((await store.chatRefs.messagesFor(request.id)).map((m) => m.platform)).toEqual(['slack']);
  });

  it('nudges the approvals channels when a request waits past remindAfter', async () => {
    const request = await seatsRequest();
    clock.advance(5 * 3_600_000);
    await setup.engine.scheduler.tick();
    await delivery.idle();
    const reminders = slack.sent.filter((s) => s.op === 'post' && s.view.kind === 'notice' && s.view.message.includes(request.summary));
    expect(reminders).toEqual([expect.objectContaining({ conversationId: 'C0APPROVALS', view: expect.objectContaining({ title: 'Waiting for approval' }) })]);
    // A sentence says when as a person reads it, not as an ISO timestamp.
    const said = (reminders[0]?.view as { message?: string } | undefined)?.message ?? '';
    expect(said).toMatch(/it expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/);
  });
});
