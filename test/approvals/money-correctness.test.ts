/**
 * What an approver approves is what Pax8 does, once: each story is a busy MSP's week, driven
 * against the sandbox over HTTP with its faults and clock, on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionTimes } from '../../src/approvals/pax8-port.ts';
import type { Subscription } from '../../src/pax8/index.ts';
import { expandCard } from '../../src/cards/expand-card.ts';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import { storeFromDb } from '../../src/store/open-store.ts';
import { approvalCard } from '../../src/intents/approval-card.ts';
import type { ApprovalRequest } from '../../src/store/approval-request.ts';
import { actor, rita, testEngine } from '../helpers/approvals-harness.ts';
import { type ApprovalsSandbox, startApprovalsSandbox } from '../helpers/approvals-sandbox.ts';
import { dbBackends, postgresBackends, type TestDatabase, useSuiteStore } from '../helpers/db-backends.ts';

const start = '2026-03-02T09:00:00Z';
const day = 86_400_000;

/** Active, 1-year commitment past its first 7 days and not ending within 20 days of `now`: a decrease waits for the renewal. */
const committedAt = (now: Date) => (s: Subscription) => {
  const { commitmentEnd, startDate } = subscriptionTimes(s);
  return s.status === 'Active' && s.commitment?.term === '1-Year' && commitmentEnd !== undefined && startDate !== undefined &&
    commitmentEnd.getTime() - now.getTime() > 20 * day && now.getTime() - startDate.getTime() > 8 * day;
};
const plain = (s: Subscription) => s.status === 'Active' && subscriptionTimes(s).commitmentEnd === undefined && (s.quantity ?? 0) > 0;
const putsTo = (id: string) => (w: { method: string; path: string }) => w.method === 'PUT' && w.path.includes(id);
const realOrders = (w: { method: string; path: string; isMock?: boolean }) => w.method === 'POST' && w.path.endsWith('/orders') && !w.isMock;

/** What the card says, as an approver sees it. */
const cardText = (r: ApprovalRequest | undefined) => (r ? JSON.stringify(expandCard('approvalRequest', { kind: 'approvalRequest', request: approvalCard(r) }, { viewer: { canDecide: true, isRequester: false } })) : '');

describe.each(dbBackends)('money correctness against the sandbox on $name', (backend) => {
  let sb: ApprovalsSandbox;
  const used = new Set<string>();
  beforeAll(async () => {
    sb = await startApprovalsSandbox({ now: start, timeoutMs: 1_000, companies: 8 });
  });
  afterAll(() => sb.sandbox.close());
  const suite = useSuiteStore(backend);
  const engine = () => testEngine({ store: suite.store, pax8: sb.port(), clock: sb.clock }).engine;

  /**
   * A subscription nobody else in this file uses, set to `wanted` seats first (as someone in the
   * portal would); a commitment refuses lowering it, so a committed one may keep more. Tests count
   * from its `quantity`.
   */
  async function subscription(predicate: (s: Subscription) => boolean, wanted: number) {
    const sub = await sb.findSubscription(predicate, used);
    used.add(sub.id);
    const quantity = subscriptionTimes(sub).commitmentEnd === undefined ? wanted : Math.max(wanted, sub.quantity ?? 0);
    if (quantity !== sub.quantity) await sb.client().subscriptions.updateQuantity(sub.id, quantity);
    return { ...sub, companyId: String(sub.companyId), quantity };
  }
  const committed = (s: Subscription) => committedAt(sb.clock.now())(s);
  const quantityOf = async (id: string) => (await sb.port().subscriptions.get(id)).quantity;

  async function seats(e: ReturnType<typeof engine>, sub: { id: string; companyId: string; quantity: number }, change: { mode: 'add' | 'remove' | 'set'; amount: number }, atRenewal = false, requester = rita) {
    const r = await e.submit({ kind: 'seats', payload: { subscriptionId: sub.id, companyId: sub.companyId, change, quotedQuantity: sub.quantity }, requester, summary: 'seats', atRenewal });
    if (!r.ok) throw new Error(r.reason);
    return r.request.id;
  }

  /** Moves the clock to just past `at` and runs the scheduler (twice: due work, then recovery of what it left). */
  async function runAt(e: ReturnType<typeof engine>, at: Date) {
    const ms = at.getTime() - sb.clock.now().getTime() + 60_000;
    if (ms > 0) sb.clock.advance(ms);
    await e.scheduler.tick();
    await e.scheduler.tick();
  }

  it('story 1: a decrease scheduled for the renewal removes one seat after an increase ran, not back to the old total', async () => {
    const sub = await subscription(committed, 11);
    const e = engine();
    const minusOne = await seats(e, sub, { mode: 'remove', amount: 1 }, true);
    expect(await e.approve({ requestId: minusOne, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'scheduled' } });
    const plusThree = await seats(e, sub, { mode: 'add', amount: 3 });
    expect(await e.approve({ requestId: plusThree, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'succeeded' } });
    expect(await quantityOf(sub.id)).toBe(sub.quantity + 3);

    const scheduled = await e.get(minusOne);
    await runAt(e, scheduled!.runAt!);
    const done = await e.get(minusOne);
    expect(done).toMatchObject({ state: 'succeeded' });
    expect(await quantityOf(sub.id)).toBe(sub.quantity + 2);
    expect(cardText(done)).toContain(`${sub.quantity + 3} → ${sub.quantity + 2} seats`);
  });

  it('story 1: two +1 requests approved at the same moment add two seats, each card saying what it did', async () => {
    const sub = await subscription(plain, 5);
    const e = engine();
    // Two technicians, each with a new starter (one person typing the same +1 twice gets their open request back).
    const [a, b] = [await seats(e, sub, { mode: 'add', amount: 1 }), await seats(e, sub, { mode: 'add', amount: 1 }, false, { ...rita, email: 'sam@msp.example', userId: 'U_SAM', displayName: 'Sam' })];
    const results = await Promise.all([e.approve({ requestId: a, actor: actor('ann@msp.example') }), e.approve({ requestId: b, actor: actor('bob@msp.example') })]);
    expect(results.map((r) => r.ok && r.request.state)).toEqual(['succeeded', 'succeeded']);
    expect(await quantityOf(sub.id)).toBe(7);
    const texts = [cardText(await e.get(a)), cardText(await e.get(b))].join('\n');
    expect(texts).toContain('5 → 6 seats');
    expect(texts).toContain('6 → 7 seats');
  });

  it('story 2: a lost answer is judged by the history, not by today: applied, then another change ran', async () => {
    const sub = await subscription(plain, 4);
    const e = engine();
    await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', hangAfterWrite: true, times: 1 });
    const a = await seats(e, sub, { mode: 'add', amount: 1 });
    expect(await e.approve({ requestId: a, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    const b = await seats(e, sub, { mode: 'add', amount: 2 });
    expect(await e.approve({ requestId: b, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'succeeded' } });
    expect(await quantityOf(sub.id)).toBe(7);
    await e.recover();
    const settled = await e.get(a);
    expect(settled).toMatchObject({ state: 'succeeded' });
    expect(cardText(settled)).toContain('4 → 5 seats');
    // The portal's setup write, A's (answered late) and B's: nobody asked again.
    expect(await sb.writes(putsTo(sub.id))).toHaveLength(3);
  });

  it('story 2: a 503 that changed nothing is not credited with a seat someone added in the portal later', async () => {
    const sub = await subscription(plain, 21);
    const e = engine();
    await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', status: 503, times: 1 });
    const c = await seats(e, sub, { mode: 'add', amount: 1 });
    expect(await e.approve({ requestId: c, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    sb.clock.advance(3 * 60_000);
    await sb.client().subscriptions.updateQuantity(sub.id, 22);
    await e.recover();
    expect(await e.get(c)).toMatchObject({ state: 'unknown' });
    sb.clock.advance(10 * 60_000);
    await e.recover();
    const settled = await e.get(c);
    expect(settled).toMatchObject({ state: 'failed' });
    expect(settled?.reason).toMatch(/not applied/);
    expect(cardText(settled)).not.toContain('Done in Pax8');
  });

  /** A company and a Microsoft product Pax8 accepts an order for (checked with a dry run), and the order's line. */
  async function orderable() {
    const client = sb.client();
    for await (const sub of client.subscriptions.list()) {
      const { companyId, productId } = sub;
      if (sub.status !== 'Active' || sub.commitment || !companyId || !productId || used.has(`company:${companyId}`)) continue;
      const details = await client.products.provisionDetails(productId);
      const provisioningDetails = details.map((d) => ({ key: d.key, values: [d.possibleValues?.[0] ?? (d.key.toLowerCase().includes('email') ? 'it@example.com' : d.key.includes('Date') ? '2026-03-02' : 'x')] }));
      const order = { companyId, lineItems: [{ productId, quantity: 3, billingTerm: 'Monthly' as const, provisioningDetails }] };
      if (await client.orders.create(order, { isMock: true }).then(() => true, () => false)) {
        used.add(`company:${companyId}`);
        return { companyId, productId, provisioningDetails, billingTerm: 'Monthly' as const };
      }
    }
    throw new Error('no orderable product in the sandbox');
  }

  it('story 3: a buy that got a 503 is not credited with a portal order of another term, or one placed before it', async () => {
    const line = await orderable();
    const portal = sb.client();
    const portalLine = (billingTerm: 'Monthly' | 'Annual') => ({ companyId: line.companyId, lineItems: [{ productId: line.productId, quantity: 3, billingTerm, provisioningDetails: line.provisioningDetails }] });
    // Earlier the same day, someone placed the very same order in the portal.
    await portal.orders.create(portalLine('Monthly'));
    const e = engine();
    await sb.fault({ route: 'POST /orders', status: 503, times: 1 });
    const r = await e.submit({ kind: 'buy', payload: { ...line, quantity: 3 }, requester: rita, summary: 'buy 3' });
    if (!r.ok) throw new Error(r.reason);
    expect(await e.approve({ requestId: r.request.id, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    // Right after, the same product and quantity, but billed annually, from the portal.
    await portal.orders.create(portalLine('Annual')).catch(() => undefined);
    sb.clock.advance(11 * 60_000);
    await e.recover();
    const settled = await e.get(r.request.id);
    expect(settled).toMatchObject({ state: 'failed', pax8Ids: [] });
    expect(cardText(settled)).not.toContain('Done in Pax8');
  });

  it('story 3: an order placed just after midnight UTC, dated the day before by Pax8, is found, not bought again', async () => {
    const line = await orderable();
    // 01:30 UTC: still the previous day in Denver, where Pax8 dates its orders.
    const now = sb.clock.now();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 1, 30));
    sb.clock.advance(next.getTime() - now.getTime());
    const e = engine();
    await sb.fault({ route: 'POST /orders', hangAfterWrite: true, times: 1 });
    const r = await e.submit({ kind: 'buy', payload: { ...line, quantity: 3 }, requester: rita, summary: 'buy 3' });
    if (!r.ok) throw new Error(r.reason);
    const before = (await sb.writes(realOrders)).length;
    expect(await e.approve({ requestId: r.request.id, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    sb.clock.advance(11 * 60_000);
    await e.recover();
    const settled = await e.get(r.request.id);
    expect(settled).toMatchObject({ state: 'succeeded' });
    const created = [];
    for await (const o of sb.client().orders.list({ companyId: line.companyId })) if (o.id === settled?.pax8Ids[0]) created.push(o);
    expect(created[0]?.createdDate).toBe(new Date(next.getTime() - 6 * 3_600_000).toISOString().slice(0, 10));
    expect(await sb.writes(realOrders)).toHaveLength(before + 1);
  });

  it('story 4: a scheduled decrease met by a 429 at its run tries again inside its window, and says when', async () => {
    const sub = await subscription(committed, 9);
    const e = engine();
    const id = await seats(e, sub, { mode: 'remove', amount: 2 }, true);
    await e.approve({ requestId: id, actor: actor('ann@msp.example') });
    const scheduled = await e.get(id);
    await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', status: 429, times: 1 });
    await runAt(e, scheduled!.runAt!);
    const waiting = await e.get(id);
    expect(waiting).toMatchObject({ state: 'scheduled' });
    expect(waiting?.reason).toMatch(/429.*tries again at/);
    expect(waiting!.runAt!.getTime()).toBeGreaterThan(sb.clock.now().getTime());
    expect(cardText(waiting)).toContain('tries again at');
    expect(await quantityOf(sub.id)).toBe(sub.quantity);
    await runAt(e, waiting!.runAt!);
    expect(await e.get(id)).toMatchObject({ state: 'succeeded' });
    expect(await quantityOf(sub.id)).toBe(sub.quantity - 2);
  });

  it('story 4: a scheduled decrease met by a 503 is read, found not applied, and tried again while the window is open', async () => {
    const sub = await subscription(committed, 6);
    const e = engine();
    const id = await seats(e, sub, { mode: 'remove', amount: 1 }, true);
    await e.approve({ requestId: id, actor: actor('ann@msp.example') });
    await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', status: 503, times: 1 });
    await runAt(e, (await e.get(id))!.runAt!);
    expect(await e.get(id)).toMatchObject({ state: 'unknown' });
    sb.clock.advance(11 * 60_000);
    await e.scheduler.tick();
    const back = await e.get(id);
    expect(back).toMatchObject({ state: 'scheduled' });
    expect(back?.reason).toMatch(/not applied.*tries again at/);
    await runAt(e, back!.runAt!);
    expect(await e.get(id)).toMatchObject({ state: 'succeeded' });
    expect(await quantityOf(sub.id)).toBe(sub.quantity - 1);
    expect((await sb.writes(putsTo(sub.id))).filter((w) => w.status === 503)).toHaveLength(1);
  });

  it('story 5: a scheduled change can be withdrawn by an approver until it starts; a stranger cannot', async () => {
    const sub = await subscription(committed, 8);
    const e = engine();
    const id = await seats(e, sub, { mode: 'remove', amount: 1 }, true);
    await e.approve({ requestId: id, actor: actor('ann@msp.example') });
    expect(cardText(await e.get(id))).toContain('Withdraw');
    expect(await e.withdraw({ requestId: id, actor: actor('stranger@elsewhere.example') })).toMatchObject({ ok: false, reason: 'requester_only' });
    expect(await e.withdraw({ requestId: id, actor: actor('bob@msp.example') })).toMatchObject({ ok: true, outcome: 'withdrawn', request: { state: 'cancelled' } });
    const audit = await suite.store.audit.list({});
    expect(audit.filter((a) => a.requestId === id).at(-1)).toMatchObject({ actorEmail: 'bob@msp.example', toState: 'cancelled', reason: expect.stringMatching(/withdrawn/) });
    const writesBefore = (await sb.writes(putsTo(sub.id))).length;
    sb.clock.advance(400 * day);
    await e.scheduler.tick();
    expect(await sb.writes(putsTo(sub.id))).toHaveLength(writesBefore);
    expect(await quantityOf(sub.id)).toBe(sub.quantity);
  });

  it('story 6: a scheduled request left without its work item by a crash is booked again by recovery and runs', async () => {
    const sub = await subscription(committed, 10);
    const e = engine();
    const id = await seats(e, sub, { mode: 'remove', amount: 1 }, true);
    await e.approve({ requestId: id, actor: actor('ann@msp.example') });
    expect(await suite.store.work.forRequest(id)).toMatchObject([{ kind: 'execute' }]);
    await suite.store.db.query(`DELETE FROM scheduled_work WHERE request_id = $1`, [id]);
    const restarted = engine();
    await restarted.recover();
    expect(await suite.store.work.forRequest(id)).toMatchObject([{ kind: 'execute' }]);
    await runAt(restarted, (await restarted.get(id))!.runAt!);
    expect(await restarted.get(id)).toMatchObject({ state: 'succeeded' });
    expect(await quantityOf(sub.id)).toBe(sub.quantity - 1);
  });

  it('a buy card tells the order\'s real state: provisioning, then active', async () => {
    const line = await orderable();
    const e = engine();
    const updates: string[] = [];
    e.on((event) => {
      if (event.type === 'updated') updates.push(event.request.id);
    });
    const r = await e.submit({ kind: 'buy', payload: { ...line, quantity: 3 }, requester: rita, summary: 'buy 3' });
    if (!r.ok) throw new Error(r.reason);
    await e.approve({ requestId: r.request.id, actor: actor('ann@msp.example') });
    await e.scheduler.tick();
    const first = await e.get(r.request.id);
    expect(first).toMatchObject({ state: 'succeeded' });
    const provisioning = (first?.result as { provisioning?: string }).provisioning;
    expect(['provisioning', 'active']).toContain(provisioning);
    sb.clock.advance(6 * 60_000);
    await e.scheduler.tick();
    const later = await e.get(r.request.id);
    expect(later?.result).toMatchObject({ provisioning: 'active' });
    expect(cardText(later)).toContain('active in Pax8');
    if (provisioning === 'provisioning') expect(updates).toContain(r.request.id);
  });

  it('a seat change stops with a reason when the subscription was cancelled meanwhile, and sends nothing', async () => {
    const sub = await subscription(plain, 4);
    const e = engine();
    const id = await seats(e, sub, { mode: 'add', amount: 2 });
    await sb.client().subscriptions.cancel(sub.id);
    const writesBefore = (await sb.writes(putsTo(sub.id))).length;
    const decided = await e.approve({ requestId: id, actor: actor('ann@msp.example') });
    expect(decided).toMatchObject({ request: { state: 'failed', reason: expect.stringMatching(/PendingCancel.*Nothing was sent/) } });
    expect(await sb.writes(putsTo(sub.id))).toHaveLength(writesBefore);
  });
});

describe.each(postgresBackends)('money correctness across replicas on $name', (backend) => {
  let sb: ApprovalsSandbox;
  let database: TestDatabase;
  beforeAll(async () => {
    sb = await startApprovalsSandbox({ now: start, timeoutMs: 2_000 });
    database = await backend.create();
  });
  afterAll(async () => {
    await database.dispose();
    await sb.sandbox.close();
  });

  it('four +1 requests on one subscription, approved at the same moment on four replicas, add four seats', async () => {
    const stores = Array.from({ length: 4 }, () => storeFromDb(createPgPoolDb(database.url ?? '')));
    const engines = stores.map((store, i) => testEngine({ store, pax8: sb.port(), clock: sb.clock, instanceId: `replica-${i}` }).engine);
    const sub = await sb.findSubscription(plain);
    const quantity = sub.quantity ?? 0;
    const ids = [];
    for (const [i, e] of engines.entries()) {
      // Four technicians: one person typing the same +1 again gets their open request back.
      const requester = { ...rita, email: `tech${i}@msp.example`, userId: `U_TECH${i}` };
      const r = await e.submit({ kind: 'seats', payload: { subscriptionId: sub.id, companyId: String(sub.companyId), change: { mode: 'add', amount: 1 }, quotedQuantity: quantity }, requester, summary: '+1' });
      if (!r.ok) throw new Error(r.reason);
      ids.push(r.request.id);
    }
    const results = await Promise.all(ids.map((requestId, i) => engines[i]!.approve({ requestId, actor: actor(i % 2 ? 'ann@msp.example' : 'bob@msp.example') })));
    expect(results.map((r) => r.ok && r.request.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect((await sb.port().subscriptions.get(sub.id)).quantity).toBe(quantity + 4);
    const ran = await Promise.all(ids.map(async (id) => (await engines[0]!.get(id))?.reason));
    expect([...ran].sort()).toEqual([0, 1, 2, 3].map((k) => `${quantity + k} → ${quantity + k + 1} seats`).sort());
    await Promise.all(stores.map((s) => s.close()));
  });
});
