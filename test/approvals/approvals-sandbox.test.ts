import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionTimes } from '../../src/approvals/pax8-port.ts';
import type { Subscription } from '../../src/pax8/index.ts';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import { storeFromDb } from '../../src/store/open-store.ts';
import { actor, rita, testEngine, testPolicy, seatChange } from '../helpers/approvals-harness.ts';
import { type ApprovalsSandbox, startApprovalsSandbox } from '../helpers/approvals-sandbox.ts';
import { dbBackends, postgresBackends, type TestDatabase, useSuiteStore } from '../helpers/db-backends.ts';

const start = '2026-03-02T09:00:00Z';
const day = 86_400_000;

/** Active, with a 1-year commitment past its first 7 days and not ending soon: a decrease is refused now. */
const committed = (s: Subscription) => {
  const { commitmentEnd, startDate } = subscriptionTimes(s);
  return s.status === 'Active' && s.commitment?.term === '1-Year' && commitmentEnd !== undefined && startDate !== undefined &&
    commitmentEnd.getTime() - Date.parse(start) > 20 * day && Date.parse(start) - startDate.getTime() > 8 * day && (s.quantity ?? 0) > 2;
};
const plain = (s: Subscription) => s.status === 'Active' && subscriptionTimes(s).commitmentEnd === undefined && (s.quantity ?? 0) > 0;
const seatsPayload = (s: Subscription, toQuantity: number) => ({
  subscriptionId: s.id, companyId: String(s.companyId), ...seatChange(s.quantity ?? 0, toQuantity),
});
const writesTo = (id: string) => (w: { method: string; path: string }) => w.method !== 'POST' && w.path.includes(id);

describe.each(dbBackends)('approvals against the Pax8 sandbox on $name', (backend) => {
  let sb: ApprovalsSandbox;
  const used = new Set<string>();
  beforeAll(async () => {
    sb = await startApprovalsSandbox({ now: start, timeoutMs: 1_000 });
  });
  afterAll(() => sb.sandbox.close());
  const suite = useSuiteStore(backend);

  async function submitted(engine: ReturnType<typeof testEngine>['engine'], payload: object, atRenewal = false) {
    const r = await engine.submit({ kind: 'seats', payload, requester: rita, summary: 'seats', atRenewal });
    if (!r.ok) throw new Error(r.reason);
    return r.request.id;
  }

  it('a timeout after Pax8 applied the write ends succeeded by reading, with one write at the sandbox', async () => {
    const sub = await sb.findSubscription(plain, used);
    used.add(sub.id);
    await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', hangAfterWrite: true, times: 1 });
    const { engine } = testEngine({ store: suite.store, pax8: sb.port(), clock: sb.clock });
    const requestId = await submitted(engine, seatsPayload(sub, (sub.quantity ?? 0) + 1));
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    const restarted = testEngine({ store: suite.store, pax8: sb.port(), clock: sb.clock }).engine;
    await restarted.recover();
    expect(await restarted.get(requestId)).toMatchObject({ state: 'succeeded' });
    expect(await sb.writes(writesTo(sub.id))).toHaveLength(1);
  });

  it('a replica dying mid-call is settled by another replica by reading, with one write at the sandbox', async () => {
    const sub = await sb.findSubscription(plain, used);
    used.add(sub.id);
    await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', hangAfterWrite: true, times: 1 });
    const dying = testEngine({ store: suite.store, pax8: sb.port(120_000), clock: sb.clock }).engine;
    const requestId = await submitted(dying, seatsPayload(sub, (sub.quantity ?? 0) + 2));
    const abandoned = dying.approve({ requestId, actor: actor('bob@msp.example') }).catch(() => undefined);
    await expect.poll(() => sb.writes(writesTo(sub.id)), { timeout: 5_000 }).toHaveLength(1);
    expect((await suite.store.requests.get(requestId))?.state).toBe('executing');
    const other = suite.database.url ? storeFromDb(createPgPoolDb(suite.database.url)) : suite.store;
    const survivor = testEngine({ store: other, pax8: sb.port(), clock: sb.clock }).engine;
    sb.clock.advance(3 * 60_000);
    await survivor.recover();
    expect(await survivor.get(requestId)).toMatchObject({ state: 'succeeded' });
    expect(await sb.writes(writesTo(sub.id))).toHaveLength(1);
    if (other !== suite.store) await other.close();
    void abandoned;
  });

  /** A company and product that Pax8 would accept an order for without provisioning details (checked with a dry run). */
  async function orderable() {
    const client = sb.client();
    for await (const sub of client.subscriptions.list()) {
      const { companyId, productId } = sub;
      if (sub.status !== 'Active' || sub.commitment || !companyId || !productId) continue;
      const details = await client.products.provisionDetails(productId);
      const provisioningDetails = details.map((d) => ({ key: d.key, values: [d.possibleValues?.[0] ?? (d.key.toLowerCase().includes('email') ? 'it@example.com' : d.key.includes('Date') ? '2026-03-02' : 'x')] }));
      const order = { companyId, lineItems: [{ productId, quantity: 3, billingTerm: 'Monthly' as const, provisioningDetails }] };
      if (await client.orders.create(order, { isMock: true }).then(() => true, () => false)) return { companyId, productId, provisioningDetails };
    }
    throw new Error('no orderable product in the sandbox');
  }
  const realOrders = (w: { method: string; path: string; isMock?: boolean }) => w.method === 'POST' && w.path.endsWith('/orders') && !w.isMock;

  it('an order whose answer was lost is found by listing the company orders, not placed again', async () => {
    const { companyId, productId, provisioningDetails } = await orderable();
    await sb.fault({ route: 'POST /orders', hangAfterWrite: true, times: 1 });
    const { engine } = testEngine({ store: suite.store, pax8: sb.port(), clock: sb.clock });
    const r = await engine.submit({ kind: 'buy', payload: { companyId, productId, quantity: 3, billingTerm: 'Monthly', provisioningDetails }, requester: rita, summary: 'buy 3' });
    if (!r.ok) throw new Error(r.reason);
    const before = (await sb.writes(realOrders)).length;
    expect(await engine.approve({ requestId: r.request.id, actor: actor('cat@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    await engine.recover();
    const settled = await engine.get(r.request.id);
    expect(settled?.state).toBe('succeeded');
    expect(await sb.writes(realOrders)).toHaveLength(before + 1);
    const orderId = settled?.pax8Ids[0];
    const found = [];
    for await (const o of sb.port().orders.list({ companyId })) if (o.id === orderId) found.push(o);
    expect(found).toHaveLength(1);
  });

  it('an order Pax8 refused, whose answer was lost, ends failed after the settle time without a second try', async () => {
    const sub = await sb.findSubscription(plain, used);
    const companyId = String((sub as Record<string, unknown>).companyId);
    await sb.fault({ route: 'POST /orders', hangAfterWrite: true, times: 1 });
    const { engine } = testEngine({ store: suite.store, pax8: sb.port(), clock: sb.clock });
    const r = await engine.submit({ kind: 'buy', payload: { companyId, productId: '00000000-0000-4000-8000-000000000001', quantity: 3, billingTerm: 'Monthly' }, requester: rita, summary: 'buy 3' });
    if (!r.ok) throw new Error(r.reason);
    const before = (await sb.writes(realOrders)).length;
    await engine.approve({ requestId: r.request.id, actor: actor('cat@msp.example') });
    await engine.recover();
    expect((await engine.get(r.request.id))?.state).toBe('unknown');
    sb.clock.advance(11 * 60_000);
    await engine.recover();
    expect((await engine.get(r.request.id))?.state).toBe('failed');
    expect(await sb.writes(realOrders)).toHaveLength(before + 1);
  });

  it('a decrease refused mid-commitment runs once inside the window after the renewal', async () => {
    const refusedSub = await sb.findSubscription(committed, used);
    used.add(refusedSub.id);
    const endOf = (s: Subscription) => subscriptionTimes(s).commitmentEnd?.getTime() ?? 0;
    const atRenewalSub = await sb.findSubscription((s) => committed(s) && endOf(s) > endOf(refusedSub), used);
    used.add(atRenewalSub.id);
    const { engine } = testEngine({ store: suite.store, pax8: sb.port(), clock: sb.clock });
    const refused = await submitted(engine, seatsPayload(refusedSub, (refusedSub.quantity ?? 0) - 1));
    const atRenewal = await submitted(engine, seatsPayload(atRenewalSub, (atRenewalSub.quantity ?? 0) - 1), true);
    expect(await engine.approve({ requestId: refused, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'scheduled' } });
    expect(await engine.approve({ requestId: atRenewal, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'scheduled' } });
    expect(await sb.writes(writesTo(refusedSub.id))).toMatchObject([{ status: 422 }]);
    expect(await sb.writes(writesTo(atRenewalSub.id))).toEqual([]);

    for (const [id, sub] of [[refused, refusedSub], [atRenewal, atRenewalSub]] as const) {
      const { runAt } = (await suite.store.requests.get(id))!;
      expect(runAt!.getTime()).toBeGreaterThan(endOf(sub));
      const hours = Math.ceil((runAt!.getTime() - sb.clock.now().getTime()) / 3_600_000) - 1;
      await sb.advance(`PT${hours}H`);
      await engine.scheduler.tick();
      expect((await suite.store.requests.get(id))?.state).toBe('scheduled');
      await sb.advance('PT2H');
      await engine.scheduler.tick();
      await engine.scheduler.tick();
      expect((await suite.store.requests.get(id))?.state).toBe('succeeded');
      expect((await sb.writes(writesTo(sub.id))).filter((w) => w.status === 200)).toHaveLength(1);
      expect((await sb.port().subscriptions.get(sub.id)).quantity).toBe((sub.quantity ?? 0) - 1);
    }
  });
});

describe.each(postgresBackends)('replicas against the Pax8 sandbox on $name', (backend) => {
  let sb: ApprovalsSandbox;
  let database: TestDatabase;
  beforeAll(async () => {
    sb = await startApprovalsSandbox({ now: start });
    database = await backend.create();
  });
  afterAll(async () => {
    await database.dispose();
    await sb.sandbox.close();
  });

  it('50 concurrent approvals on 5 replicas make exactly one Pax8 write', async () => {
    const approvers = Array.from({ length: 50 }, (_, i) => `approver${i}@msp.example`);
    const policy = testPolicy({ roles: { approvers }, approvals: { secondApproverAbove: null } });
    const stores = Array.from({ length: 5 }, () => storeFromDb(createPgPoolDb(database.url ?? '')));
    const engines = stores.map((s, i) => testEngine({ store: s, pax8: sb.port(), clock: sb.clock, policy, instanceId: `replica-${i}` }).engine);
    const sub = await sb.findSubscription(plain);
    const submittedResult = await engines[0]!.submit({ kind: 'seats', payload: seatsPayload(sub, (sub.quantity ?? 0) + 3), requester: rita, summary: '+3' });
    if (!submittedResult.ok) throw new Error(submittedResult.reason);
    const requestId = submittedResult.request.id;
    const results = await Promise.all(approvers.map((email, i) => engines[i % 5]!.approve({ requestId, actor: actor(email) })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'already_decided')).toHaveLength(49);
    expect(await sb.writes(writesTo(sub.id))).toHaveLength(1);
    expect(await engines[3]!.get(requestId)).toMatchObject({ state: 'succeeded' });
    await Promise.all(stores.map((s) => s.close()));
  });
});
