import { afterEach, describe, expect, it } from 'vitest';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import { type Store, storeFromDb } from '../../src/store/open-store.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createFakePax8 } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, testEngine, seatChange } from '../helpers/approvals-harness.ts';
import { dbBackends, type TestDatabase } from '../helpers/db-backends.ts';

const day = 86_400_000;

describe.each(dbBackends)('approvals execution on $name', (backend) => {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.dispose()));
  });

  /** A fresh database per test: these tests run the scheduler and recovery, which see every row. */
  async function setup(sub: { quantity?: number; startDate?: Date; commitmentEnd?: Date } = {}) {
    const database = await backend.create();
    open.push(database);
    const store = storeFromDb(database.db);
    const clock = createManualClock('2026-03-02T09:00:00Z');
    const fake = createFakePax8(clock);
    fake.addSubscription({ id: 'sub-1', companyId: 'co-1', productId: 'p-1', quantity: sub.quantity ?? 10, ...sub });
    const { engine, events } = testEngine({ store, pax8: fake.port, clock });
    const submitSeats = async (toQuantity: number, atRenewal = false) => {
      const r = await engine.submit({
        kind: 'seats',
        payload: { subscriptionId: 'sub-1', companyId: 'co-1', ...seatChange(sub.quantity ?? 10, toQuantity) },
        requester: rita,
        summary: 'seats',
        atRenewal,
      });
      if (!r.ok) throw new Error(r.reason);
      return r.request.id;
    };
    return { database, store, clock, fake, engine, events, submitSeats };
  }

  it('marks a definite Pax8 refusal failed with Pax8 message', async () => {
    const { engine, fake, submitSeats, store } = await setup();
    fake.next({ refuse: 422, message: 'Invalid subscription update' });
    const requestId = await submitSeats(12);
    const r = await engine.approve({ requestId, actor: actor('ann@msp.example') });
    expect(r).toMatchObject({ ok: true, request: { state: 'failed', reason: 'Pax8 refused: Invalid subscription update. Nothing was changed.' } });
    expect(await store.writes.forRequest(requestId)).toMatchObject([{ outcome: 'refused', sent: { quantity: 12 } }]);
    expect(fake.applied).toHaveLength(0);
  });

  it('settles an unknown outcome by reading: applied -> succeeded, never re-sent', async () => {
    const { engine, fake, submitSeats, store } = await setup();
    fake.next('unknown_after_apply');
    const requestId = await submitSeats(12);
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    expect(await store.writes.forRequest(requestId)).toMatchObject([{ outcome: 'unknown' }]);
    await engine.recover();
    expect(await engine.get(requestId)).toMatchObject({ state: 'succeeded', pax8Ids: ['sub-1'] });
    expect(fake.applied).toHaveLength(1);
  });

  it('keeps a request unknown while Pax8 cannot be read, and settles it on a later pass', async () => {
    const { engine, fake, submitSeats } = await setup();
    fake.next('unknown_after_apply');
    const requestId = await submitSeats(12);
    await engine.approve({ requestId, actor: actor('ann@msp.example') });
    fake.failReads(1);
    await engine.scheduler.tick();
    expect((await engine.get(requestId))?.state).toBe('unknown');
    await engine.scheduler.tick();
    expect((await engine.get(requestId))?.state).toBe('succeeded');
    expect(fake.applied).toHaveLength(1);
  });

  it('recovers at start: the first scheduler pass runs at once', async () => {
    const { engine, fake, submitSeats, store, clock } = await setup();
    fake.next('unknown_after_apply');
    const requestId = await submitSeats(12);
    await engine.approve({ requestId, actor: actor('ann@msp.example') });
    const { engine: restarted } = testEngine({ store, pax8: fake.port, clock });
    restarted.scheduler.start(60_000);
    await restarted.scheduler.stop();
    expect((await restarted.get(requestId))?.state).toBe('succeeded');
  });

  it('settles an unknown outcome by reading: not applied -> still unknown, then failed after the settle time', async () => {
    const { engine, fake, submitSeats, clock } = await setup();
    fake.next('unknown_before_apply');
    const requestId = await submitSeats(12);
    await engine.approve({ requestId, actor: actor('ann@msp.example') });
    expect((await engine.resolve(requestId))?.state).toBe('unknown');
    clock.advance(11 * 60_000);
    expect((await engine.resolve(requestId))?.state).toBe('failed');
    expect(fake.applied).toHaveLength(0);
  });

  it('after a crash mid-call, a new engine on the same database resolves by reading, without writing again', async () => {
    const { engine, fake, submitSeats, store, clock, database } = await setup();
    fake.next('hang_after_apply');
    const requestId = await submitSeats(12);
    void engine.approve({ requestId, actor: actor('ann@msp.example') });
    await expect.poll(() => fake.applied.length).toBe(1);
    expect((await engine.get(requestId))?.state).toBe('executing');
    const restartedStore = database.url ? storeFromDb(createPgPoolDb(database.url)) : store;
    const { engine: restarted } = testEngine({ store: restartedStore, pax8: fake.port, clock });
    await restarted.recover();
    expect((await restarted.get(requestId))?.state).toBe('executing');
    clock.advance(3 * 60_000);
    await restarted.recover();
    expect(await restarted.get(requestId)).toMatchObject({ state: 'succeeded' });
    expect(fake.applied).toHaveLength(1);
    expect((await store.audit.list({ requestId })).map((a) => a.toState)).toEqual(['pending', 'approved', 'executing', 'unknown', 'succeeded']);
    if (restartedStore !== store) await restartedStore.close();
  });

  it('shares one approval among several engines on one database: one write', async () => {
    const { fake, submitSeats, store, clock, database } = await setup();
    const replicas: Store[] = database.url ? [1, 2, 3].map(() => storeFromDb(createPgPoolDb(database.url ?? ''))) : [store, store, store];
    const engines = replicas.map((s, i) => testEngine({ store: s, pax8: fake.port, clock, instanceId: `replica-${i}` }).engine);
    const requestId = await submitSeats(12);
    const approvers = ['ann@msp.example', 'bob@msp.example', 'cat@msp.example', 'admin@msp.example'];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => engines[i % 3]!.approve({ requestId, actor: actor(approvers[i % 4]!) })));
    expect(results.filter((r) => r.ok && r.outcome === 'approved')).toHaveLength(1);
    expect(fake.applied).toHaveLength(1);
    if (database.url) await Promise.all(replicas.map((s) => s.close()));
  });

  it('expires and reminds on schedule, once', async () => {
    const { engine, submitSeats, clock, events } = await setup();
    const requestId = await submitSeats(12);
    clock.advance(4 * 3_600_000 - 1);
    expect(await engine.scheduler.tick()).toEqual([]);
    clock.advance(1);
    expect((await engine.scheduler.tick()).map((e) => e.type)).toEqual(['reminder']);
    expect(await engine.scheduler.tick()).toEqual([]);
    clock.advance(20 * 3_600_000);
    const expired = await engine.scheduler.tick();
    expect(expired).toMatchObject([{ type: 'transition', from: 'pending', to: 'expired' }]);
    expect((await engine.get(requestId))?.state).toBe('expired');
    expect(events.filter((e) => e.type === 'reminder')).toHaveLength(1);
  });

  it('defers a decrease refused mid-commitment to the renewal window and runs it there once', async () => {
    const start = new Date('2026-03-02T09:00:00Z');
    const { engine, submitSeats, clock, fake } = await setup({ startDate: new Date(start.getTime() - 60 * day), commitmentEnd: new Date(start.getTime() + 30 * day) });
    const requestId = await submitSeats(6);
    const approved = await engine.approve({ requestId, actor: actor('ann@msp.example') });
    expect(approved).toMatchObject({ request: { state: 'scheduled', runAt: new Date(start.getTime() + 30 * day + 3_600_000) } });
    expect(fake.applied).toHaveLength(0);
    clock.advance(29 * day);
    await engine.scheduler.tick();
    expect((await engine.get(requestId))?.state).toBe('scheduled');
    clock.advance(day + 2 * 3_600_000);
    fake.subscription('sub-1')!.startDate = new Date(start.getTime() + 30 * day);
    fake.subscription('sub-1')!.commitmentEnd = new Date(start.getTime() + 395 * day);
    await engine.scheduler.tick();
    await engine.scheduler.tick();
    expect(await engine.get(requestId)).toMatchObject({ state: 'succeeded' });
    expect(fake.applied).toHaveLength(1);
    expect(fake.subscription('sub-1')?.quantity).toBe(6);
  });

  it('opens "at renewal" requests as scheduled, lets the requester cancel them, and fails a missed window', async () => {
    const start = new Date('2026-03-02T09:00:00Z');
    const { engine, submitSeats, clock, fake } = await setup({ startDate: new Date(start.getTime() - 60 * day), commitmentEnd: new Date(start.getTime() + 30 * day) });
    const a = await submitSeats(6, true);
    const b = await submitSeats(5, true);
    expect(await engine.approve({ requestId: a, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'scheduled' } });
    expect(await engine.approve({ requestId: b, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'scheduled' } });
    expect(await engine.cancel({ requestId: b, actor: actor(rita.email) })).toMatchObject({ ok: true, outcome: 'withdrawn', request: { state: 'cancelled' } });
    clock.advance(38 * day);
    await engine.scheduler.tick();
    expect(await engine.get(a)).toMatchObject({ state: 'failed' });
    expect(fake.applied).toHaveLength(0);
  });

  it('reads a seat request stored before changes were recorded as the change its card showed', async () => {
    const { engine, store, fake } = await setup({ quantity: 10 });
    const r = await engine.submit({ kind: 'seats', payload: { subscriptionId: 'sub-1', companyId: 'co-1', ...seatChange(10, 12) }, requester: rita, summary: 'seats' });
    if (!r.ok) throw new Error(r.reason);
    // As an older version wrote it: the totals the request was typed against.
    await store.db.query(`UPDATE approval_requests SET payload = $2 WHERE id = $1`, [r.request.id, JSON.stringify({ subscriptionId: 'sub-1', companyId: 'co-1', fromQuantity: 10, toQuantity: 12 })]);
    fake.changeOutside('sub-1', { quantity: 11 });
    expect(await engine.approve({ requestId: r.request.id, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'succeeded' } });
    expect(fake.subscription('sub-1')?.quantity).toBe(13);
  });

  it('tries again later when Pax8 cannot be read before the write, and stops when the subscription is gone', async () => {
    const { engine, fake, store, clock, submitSeats } = await setup({ quantity: 10 });
    const requestId = await submitSeats(12);
    fake.failReads(1);
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'approved', reason: expect.stringMatching(/nothing was sent; tries again at/) } });
    expect(fake.applied).toHaveLength(0);
    expect(await store.work.forRequest(requestId)).toMatchObject([{ kind: 'execute' }]);
    clock.advance(6 * 60_000);
    await engine.scheduler.tick();
    expect(await engine.get(requestId)).toMatchObject({ state: 'succeeded' });
    expect(fake.subscription('sub-1')?.quantity).toBe(12);

    const gone = await engine.submit({ kind: 'seats', payload: { subscriptionId: 'sub-gone', companyId: 'co-1', ...seatChange(3, 4) }, requester: rita, summary: 'seats' });
    if (!gone.ok) throw new Error(gone.reason);
    expect(await engine.approve({ requestId: gone.request.id, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'failed', reason: expect.stringMatching(/Not done: .*Not Found.*Nothing was sent/) } });
  });
});
