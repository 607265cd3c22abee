/**
 * Cards catch up after the process stopped at the wrong moment: a request stored but never posted is
 * posted (once across replicas) and its requester told; copies drawn before a transition the process
 * did not live to show are redrawn. The live delivery is never doubled: a post it is making is
 * claimed, and nothing is caught up until it has stayed missing across passes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CardDelivery, createCardDelivery } from '../../src/delivery/create-card-delivery.ts';
import { createSilentLogger } from '../../src/log.ts';
import { type Store, storeFromDb } from '../../src/store/open-store.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createFakePax8 } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, seatChange, testEngine, uniqueId } from '../helpers/approvals-harness.ts';
import { dbBackends, type TestDatabase } from '../helpers/db-backends.ts';
import { recordingOutbox, type Sent } from '../helpers/recording-outbox.ts';

const stateOf = (s: Sent) => (s.view.kind === 'approvalRequest' ? s.view.request.state : s.view.kind);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const catchUpAfterMs = 40;

describe.each(dbBackends)('cards catching up on $name', (backend) => {
  const clock = createManualClock('2026-11-02T09:00:00Z');
  let database: TestDatabase;
  let store: Store;
  let setup: ReturnType<typeof testEngine> & { pax8: ReturnType<typeof createFakePax8> };
  const deliveries: CardDelivery[] = [];

  beforeEach(async () => {
    database = await backend.create();
    store = storeFromDb(database.db);
    const pax8 = createFakePax8(clock);
    setup = { ...testEngine({ store, pax8: pax8.port, clock }), pax8 };
  });
  afterEach(async () => {
    for (const d of deliveries.splice(0)) {
      d.stop();
      await d.idle();
    }
    await database.dispose();
  });

  /** A replica's card delivery, with a Slack and a Teams outbox and both approvals channels configured. */
  function replica(options: { slack?: ReturnType<typeof recordingOutbox>; teams?: ReturnType<typeof recordingOutbox>; soleProcess?: boolean; slowSlackClaimMs?: number } = {}) {
    const slack = options.slack ?? recordingOutbox('slack');
    const teams = options.teams ?? recordingOutbox('teams');
    const slowMs = options.slowSlackClaimMs ?? 0;
    // A database that takes its time over the Slack claim: what a process may be stopped during.
    const claimPost: Store['chatRefs']['claimPost'] = async (...args) => {
      if (args[1] === 'slack' && slowMs > 0) await sleep(slowMs);
      return store.chatRefs.claimPost(...args);
    };
    const delivery = createCardDelivery({
      engine: setup.engine,
      store: { ...store, chatRefs: { ...store.chatRefs, claimPost } },
      outboxes: [slack, teams],
      configuredChannels: { slack: 'C0APPROVALS', teams: '19:approvals@thread.tacv2' },
      clock,
      log: createSilentLogger(),
      catchUpAfterMs,
      soleProcess: options.soleProcess ?? false,
    });
    deliveries.push(delivery);
    return { delivery, slack, teams, sent: () => [...slack.sent, ...teams.sent] };
  }

  async function seatsRequest(to = 7) {
    const subscriptionId = uniqueId('sub');
    setup.pax8.addSubscription({ id: subscriptionId, companyId: 'co-1', productId: 'p-1', quantity: 5 });
    const submitted = await setup.engine.submit({
      kind: 'seats',
      payload: { subscriptionId, companyId: 'co-1', companyName: 'Contoso', productName: 'M365 E3', ...seatChange(5, to), unitMonthlyCost: 20 },
      requester: rita,
      summary: `Contoso: M365 E3 seats 5 → ${to}`,
      idempotencyKey: uniqueId('event'),
    });
    if (!submitted.ok) throw new Error(`submit refused: ${submitted.reason}`);
    return submitted.request;
  }

  /** Catch-up passes on each replica spanning more than `catchUpAfterMs`, then (unless told not to wait) every delivery finished. */
  async function passes(...replicas: ReturnType<typeof replica>[]) {
    await passesOnly(...replicas);
    await Promise.all(replicas.map((r) => r.delivery.idle()));
  }
  async function passesOnly(...replicas: ReturnType<typeof replica>[]) {
    for (let i = 0; i < 2; i += 1) {
      await Promise.all(replicas.map((r) => r.delivery.catchUp()));
      await sleep(catchUpAfterMs + 20);
    }
    await Promise.all(replicas.map((r) => r.delivery.catchUp()));
  }

  it('posts the card of a request stored but never posted, once across two replicas, and tells its requester once', async () => {
    // Stored while no delivery listened: the process stopped between storing the request and posting its card.
    const request = await seatsRequest();
    const [a, b] = [replica(), replica()];
    await passes(a, b);
    const posts = [...a.sent(), ...b.sent()].filter((s) => s.op === 'post');
    expect(posts.map((s) => [s.op === 'post' && s.conversationId, stateOf(s)]).sort()).toEqual([
      ['19:approvals@thread.tacv2', 'pending'],
      ['C0APPROVALS', 'pending'],
    ]);
    const notices = [...a.sent(), ...b.sent()].filter((s) => s.op === 'notify');
    expect(notices).toEqual([expect.objectContaining({ recipient: { userId: 'U_RITA', email: rita.email }, view: expect.objectContaining({ title: 'Your request is open' }) })]);
    expect(notices[0]?.view.kind === 'notice' && notices[0].view.message).toContain(request.id);
    expect((await store.chatRefs.messagesFor(request.id)).map((m) => m.conversationId).sort()).toEqual(['19:approvals@thread.tacv2', 'C0APPROVALS']);
    // Nothing more on later passes; the card's buttons work as any other's.
    await passes(a, b);
    expect([...a.sent(), ...b.sent()]).toHaveLength(3);
    await setup.engine.approve({ requestId: request.id, actor: actor('ann@msp.example') });
    expect(setup.pax8.applied).toHaveLength(1);
  });

  it('posts late without a word to the requester when they were answered, and leaves finished requests alone', async () => {
    const answered = await seatsRequest(6);
    await store.chatRefs.addMessage({ requestId: answered.id, platform: 'slack', conversationId: 'C0CONTOSO', messageId: '1700000000.000100' }, clock.now());
    const finished = await seatsRequest(8);
    await setup.engine.cancel({ requestId: finished.id, actor: { email: rita.email, platform: 'slack' } });
    const r = replica();
    await passes(r);
    expect(r.sent().map((s) => [s.op, stateOf(s), s.view.kind === 'approvalRequest' ? s.view.request.id : ''])).toEqual([
      ['post', 'pending', answered.id],
      ['post', 'pending', answered.id],
    ]);
  });

  it('does not post again a card the live delivery is still posting, however many passes run meanwhile', async () => {
    let release = () => undefined as void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r = replica({ slack: recordingOutbox('slack', { postsWaitFor: slow }) });
    const request = await seatsRequest();
    await passesOnly(r);
    // Teams posted at once; Slack is still on its way.
    expect(r.sent().map((s) => s.op === 'post' && s.conversationId)).toEqual(['19:approvals@thread.tacv2']);
    release();
    await r.delivery.idle();
    await passes(r);
    expect(r.sent().filter((s) => s.op === 'post').map((s) => s.op === 'post' && s.conversationId).sort()).toEqual(['19:approvals@thread.tacv2', 'C0APPROVALS']);
    expect(r.sent().filter((s) => s.op === 'notify')).toEqual([]);
    expect(await store.chatRefs.messagesFor(request.id)).toHaveLength(2);
  });

  it('posts a card its platform refused once the claim is old: another try, not a lost card', async () => {
    const down = replica({ slack: recordingOutbox('slack', { failPosts: true }) });
    const request = await seatsRequest();
    await down.delivery.idle();
    down.delivery.stop();
    const up = replica();
    await passes(up);
    // The first try's claim still stands: nobody posts over a post that may be on its way.
    expect(up.slack.sent).toEqual([]);
    clock.advance(3 * 60_000);
    await passes(up);
    expect(up.slack.sent.map((s) => [s.op, stateOf(s)])).toEqual([['post', 'pending']]);
    expect((await store.chatRefs.messagesFor(request.id)).map((m) => m.platform).sort()).toEqual(['slack', 'teams']);
  });

  /** A Slack outbox whose posts hang until `fail` (a process that stopped while Slack had not answered). */
  function hangingSlack() {
    let fail = () => undefined as void;
    const hanging = new Promise<void>((_, reject) => {
      fail = () => reject(new Error('the process stopped'));
    });
    hanging.catch(() => undefined);
    return { outbox: recordingOutbox('slack', { postsWaitFor: hanging }), fail };
  }

  it('on embedded PGlite (one process only), posts at once a card whose claim a stopped process left; with replicas, after the lease', async () => {
    const first = hangingSlack();
    const stopped = replica({ slack: first.outbox });
    const request = await seatsRequest();
    stopped.delivery.stop();
    // Decided meanwhile on the other platform's card: the lost post is still made, showing the outcome.
    await setup.engine.approve({ requestId: request.id, actor: actor('ann@msp.example') });
    const restarted = replica({ soleProcess: true });
    await passes(restarted);
    expect(restarted.slack.sent.filter((s) => s.op === 'post').map(stateOf)).toEqual(['succeeded']);
    // The Teams card, drawn before the decision, is redrawn too; nobody is told the request is open.
    expect(restarted.teams.sent.map((s) => [s.op, stateOf(s)])).toEqual([['update', 'succeeded']]);
    expect(restarted.sent().filter((s) => s.op === 'notify')).toEqual([]);
    expect((await store.chatRefs.messagesFor(request.id)).map((m) => m.platform).sort()).toEqual(['slack', 'teams']);
    restarted.delivery.stop();
    first.fail();

    // On PostgreSQL another replica may still be posting: its claim is waited out.
    const second = hangingSlack();
    const stalled = replica({ slack: second.outbox });
    const other = await seatsRequest(8);
    stalled.delivery.stop();
    const elsewhere = replica();
    await passes(elsewhere);
    expect(elsewhere.slack.sent).toEqual([]);
    clock.advance(3 * 60_000);
    await passes(elsewhere);
    expect(elsewhere.slack.sent.map((s) => s.view.kind === 'approvalRequest' && s.view.request.id)).toEqual([other.id]);
    second.fail();
  });

  it('claims the card on every platform before posting it on any: a stop after one platform showed it leaves the others to the catch-up', async () => {
    // The Teams card goes out; at that moment the Slack one must be claimed already, or a stop right
    // after would leave a request decided on Teams with no Slack card and nothing to say it was due.
    const teams = recordingOutbox('teams');
    const claimsAtTeamsPost: string[][] = [];
    const post = teams.post.bind(teams);
    teams.post = async (conversationId, view) => {
      const id = view.kind === 'approvalRequest' ? view.request.id : '';
      claimsAtTeamsPost.push((await database.db.query<{ platform: string }>('SELECT platform FROM card_posts WHERE request_id = $1 ORDER BY platform', [id])).map((r) => r.platform));
      return post(conversationId, view);
    };
    const stuck = hangingSlack();
    const stopped = replica({ slack: stuck.outbox, teams, slowSlackClaimMs: 150 });
    const request = await seatsRequest();
    for (let waited = 0; claimsAtTeamsPost.length === 0 && waited < 5_000; waited += 10) await sleep(10);
    expect(claimsAtTeamsPost).toEqual([['slack', 'teams']]);
    stopped.delivery.stop();
    // Decided on the Teams card before anything caught up: the Slack card still comes, showing the end.
    await setup.engine.approve({ requestId: request.id, actor: actor('ann@msp.example') });
    const restarted = replica({ soleProcess: true });
    await passes(restarted);
    expect(restarted.slack.sent.filter((s) => s.op === 'post').map(stateOf)).toEqual(['succeeded']);
    stuck.fail();
  });

  it('redraws copies left showing an older state, once, and a copy that cannot be updated once per change', async () => {
    const first = replica();
    const request = await seatsRequest();
    await first.delivery.idle();
    await first.delivery.recordCopy(request.id, 'slack', 'C0CONTOSO', '1700000000.000200');
    // The process stops listening (it died) before the decision's card updates.
    first.delivery.stop();
    await setup.engine.approve({ requestId: request.id, actor: actor('ann@msp.example') });
    const after = replica();
    await passes(after);
    const updates = after.sent().filter((s) => s.op === 'update');
    expect(updates.map((s) => [s.op === 'update' && s.message.conversationId, stateOf(s)]).sort()).toEqual([
      ['19:approvals@thread.tacv2', 'succeeded'],
      ['C0APPROVALS', 'succeeded'],
      ['C0CONTOSO', 'succeeded'],
    ]);
    expect(after.sent().filter((s) => s.op !== 'update')).toEqual([]);
    await passes(after);
    expect(after.sent()).toHaveLength(3);

    // A platform that refuses updates: tried once for this state of the request, not on every pass.
    after.delivery.stop();
    const refusing = replica();
    const second = await seatsRequest(9);
    await refusing.delivery.idle();
    refusing.delivery.stop();
    await setup.engine.deny({ requestId: second.id, actor: actor('bob@msp.example'), reason: 'not now' });
    const tries: string[] = [];
    const gone = {
      ...recordingOutbox('teams'),
      update() {
        tries.push('update');
        return Promise.reject(new Error('the conversation is gone'));
      },
    };
    const counting = replica({ teams: gone });
    await passes(counting);
    await passes(counting);
    expect(tries).toHaveLength(1);
    expect(counting.slack.sent.map((s) => [s.op, stateOf(s)])).toEqual([['update', 'denied']]);
  });
});
