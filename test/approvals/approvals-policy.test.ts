import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/util/clock.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';
import { createFakePax8 } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, testEngine, testPolicy, uniqueId, seatChange } from '../helpers/approvals-harness.ts';

describe.each(dbBackends)('approvals policy and decisions on $name', (backend) => {
  const suite = useSuiteStore(backend);

  function setup(policy = testPolicy()) {
    const clock = createManualClock('2026-03-02T09:00:00Z');
    const fake = createFakePax8(clock);
    const subscriptionId = uniqueId('sub');
    fake.addSubscription({ id: subscriptionId, companyId: 'co-1', productId: 'p-1', quantity: 5 });
    const { engine, events } = testEngine({ store: suite.store, pax8: fake.port, clock, policy });
    const seats = (toQuantity: number, unitMonthlyCost = 10, more: object = {}) =>
      engine.submit({
        kind: 'seats',
        payload: { subscriptionId, companyId: 'co-1', companyName: 'Contoso', ...seatChange(5, toQuantity), unitMonthlyCost },
        requester: rita,
        summary: `Seats 5 -> ${toQuantity}`,
        ...more,
      });
    return { clock, fake, engine, events, seats, subscriptionId };
  }

  const idOf = (r: Awaited<ReturnType<ReturnType<typeof setup>['seats']>>) => {
    if (!r.ok) throw new Error(`submit refused: ${r.reason}`);
    return r.request.id;
  };

  it('approves, executes the write once and reports every transition', async () => {
    const { engine, events, seats, fake, subscriptionId } = setup();
    const requestId = idOf(await seats(7));
    const result = await engine.approve({ requestId, actor: actor('ann@msp.example') });
    expect(result).toMatchObject({ ok: true, outcome: 'approved', request: { state: 'succeeded', decidedBy: 'ann@msp.example', pax8Ids: [subscriptionId] } });
    expect(fake.writesFor(subscriptionId)).toBe(1);
    expect(events.map((e) => (e.type === 'transition' ? `${e.from}->${e.to}` : e.type))).toEqual(['submitted', 'pending->approved', 'approved->executing', 'executing->succeeded']);
    const again = await engine.approve({ requestId, actor: actor('bob@msp.example') });
    expect(again).toMatchObject({ ok: false, reason: 'already_decided', state: 'succeeded', by: 'ann@msp.example' });
    expect(fake.writesFor(subscriptionId)).toBe(1);
    const audit = await suite.store.audit.list({ requestId });
    expect(audit.map((a) => a.action)).toEqual(['submitted', 'approved', 'executing', 'succeeded']);
    expect(audit[1]).toMatchObject({ actorEmail: 'ann@msp.example', role: 'approver', platform: 'teams', fromState: 'pending', toState: 'approved' });
  });

  it('returns the existing request for a repeated idempotency key', async () => {
    const { seats } = setup();
    const first = await seats(6, 10, { idempotencyKey: uniqueId('evt') });
    const key = first.ok ? first.request.idempotencyKey : undefined;
    const second = await seats(6, 10, { idempotencyKey: key });
    expect(second).toMatchObject({ ok: true, outcome: 'existing', request: { id: idOf(first) } });
  });

  it('answers an identical request typed again with the open one, and opens it again once that one is done', async () => {
    const { engine, seats, fake, subscriptionId } = setup();
    const first = await seats(6, 10, { idempotencyKey: uniqueId('evt') });
    // Typed again (a new event, so a new key), even two at once: the open request is the answer.
    const again = await Promise.all([seats(6, 10, { idempotencyKey: uniqueId('evt') }), seats(6, 10, { idempotencyKey: uniqueId('evt') })]);
    for (const r of again) expect(r).toMatchObject({ ok: true, outcome: 'repeated', request: { id: idOf(first), state: 'pending' } });
    // Anything else differs is another request: another change, or someone else asking for the same one.
    expect(await seats(7)).toMatchObject({ ok: true, outcome: 'created' });
    expect(await engine.submit({ kind: 'seats', payload: { subscriptionId, companyId: 'co-1', companyName: 'Contoso', ...seatChange(5, 6), unitMonthlyCost: 10 }, requester: { ...rita, email: 'sam@msp.example' }, summary: 'Seats 5 -> 6' }))
      .toMatchObject({ ok: true, outcome: 'created' });
    // Once it is done, the same words ask for the same change again.
    await engine.approve({ requestId: idOf(first), actor: actor('ann@msp.example') });
    expect(fake.writesFor(subscriptionId)).toBe(1);
    expect(await seats(6)).toMatchObject({ ok: true, outcome: 'created' });
  });

  it('refuses unknown kinds, bad payloads and people who may not request', async () => {
    const { engine } = setup(testPolicy({ roles: { requesters: ['rita@msp.example'] } }));
    expect(await engine.submit({ kind: 'teleport', payload: {}, requester: rita, summary: 'x' })).toEqual({ ok: false, reason: 'unknown_kind', kind: 'teleport' });
    expect(await engine.submit({ kind: 'seats', payload: { subscriptionId: 's' }, requester: rita, summary: 'x' })).toMatchObject({ ok: false, reason: 'invalid_payload' });
    const mallory = { ...rita, email: 'mallory@elsewhere.example' };
    expect(await engine.submit({ kind: 'seats', payload: {}, requester: mallory, summary: 'x' })).toEqual({ ok: false, reason: 'not_authorised' });
  });

  it('refuses self-approval, unknown approvers and unknown requests', async () => {
    const { engine, seats } = setup(testPolicy({ roles: { approvers: ['ann@msp.example', 'rita@msp.example'] } }));
    const requestId = idOf(await seats(6));
    expect(await engine.approve({ requestId, actor: actor('rita@msp.example') })).toMatchObject({ ok: false, reason: 'self_approval_forbidden', request: { state: 'pending' } });
    expect(await engine.approve({ requestId, actor: actor('eve@msp.example') })).toMatchObject({ ok: false, reason: 'not_authorised', request: { state: 'pending' } });
    expect(await engine.approve({ requestId: '00000000-0000-4000-8000-000000000000', actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await engine.approve({ requestId: 'garbage', actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'not_found' });
    expect((await engine.get(requestId))?.state).toBe('pending');
  });

  it('allows self-approval only when the policy says so, and lets admins approve', async () => {
    const selfOk = setup(testPolicy({ roles: { approvers: ['rita@msp.example'] }, approvals: { selfApproval: true } }));
    const a = idOf(await selfOk.seats(6));
    expect(await selfOk.engine.approve({ requestId: a, actor: actor('rita@msp.example') })).toMatchObject({ ok: true, outcome: 'approved' });
    const { engine, seats } = setup();
    const b = idOf(await seats(6));
    expect(await engine.approve({ requestId: b, actor: actor('Admin@MSP.example') })).toMatchObject({ ok: true, outcome: 'approved', request: { decidedBy: 'admin@msp.example' } });
  });

  it('needs two distinct approvers above the threshold', async () => {
    const { engine, seats, fake, subscriptionId } = setup();
    const requestId = idOf(await seats(200, 10));
    expect((await engine.get(requestId))?.monthlyCostDelta).toBe(1950);
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example') })).toMatchObject({ ok: true, outcome: 'needs_second_approver', request: { state: 'pending' } });
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'same_approver_twice', request: { state: 'pending' } });
    expect(fake.writesFor(subscriptionId)).toBe(0);
    expect(await engine.approve({ requestId, actor: actor('bob@msp.example') })).toMatchObject({ ok: true, outcome: 'approved', request: { state: 'succeeded' } });
    expect(fake.writesFor(subscriptionId)).toBe(1);
    expect((await suite.store.votes.forRequest(requestId)).map((v) => v.voterEmail)).toEqual(['ann@msp.example', 'bob@msp.example']);
  });

  it('records each approval on the request, without changing its version, so every card can show it', async () => {
    const { engine, seats, events } = setup();
    const requestId = idOf(await seats(200, 10));
    expect(await engine.get(requestId)).toMatchObject({ approvedBy: [], approvalsNeeded: 2, version: 1 });
    const first = await engine.approve({ requestId, actor: actor('Ann@msp.example'), version: 1 });
    expect(first).toMatchObject({ ok: true, outcome: 'needs_second_approver', request: { state: 'pending', version: 1, approvedBy: ['ann@msp.example'], approvalsNeeded: 2 } });
    expect(events.at(-1)).toMatchObject({ type: 'vote', voter: 'ann@msp.example', approvalsMissing: 1, request: { approvedBy: ['ann@msp.example'] } });
    expect(await engine.get(requestId)).toMatchObject({ state: 'pending', version: 1, approvedBy: ['ann@msp.example'] });
    // The same person again is refused, and counted once.
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example'), version: 1 })).toMatchObject({ ok: false, reason: 'same_approver_twice', request: { state: 'pending' } });
    expect(await engine.get(requestId)).toMatchObject({ state: 'pending', approvedBy: ['ann@msp.example'] });
    // A card rendered before Ann's vote still carries a valid version.
    const second = await engine.approve({ requestId, actor: actor('bob@msp.example'), version: 1 });
    expect(second).toMatchObject({ ok: true, outcome: 'approved', request: { state: 'succeeded', decidedBy: 'bob@msp.example', approvedBy: ['ann@msp.example', 'bob@msp.example'], approvalsNeeded: 2 } });
  });

  it('asks one approval below the threshold and records it', async () => {
    const { engine, seats } = setup();
    const requestId = idOf(await seats(7));
    expect(await engine.get(requestId)).toMatchObject({ approvedBy: [], approvalsNeeded: 1 });
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example') })).toMatchObject({ outcome: 'approved', request: { approvedBy: ['ann@msp.example'], approvalsNeeded: 1 } });
  });

  it('uses the larger of the caller estimate and the kind figure for the threshold', async () => {
    const { engine, seats } = setup();
    const requestId = idOf(await seats(6, 0, { monthlyCostDelta: 5000 }));
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example') })).toMatchObject({ outcome: 'needs_second_approver' });
  });

  it('denies with a reason, and lets only the requester (or an admin) cancel', async () => {
    const { engine, seats, fake, subscriptionId } = setup();
    const denied = idOf(await seats(6));
    // Without a reason nothing changes; someone who may not decide hears that first.
    expect(await engine.deny({ requestId: denied, actor: actor('bob@msp.example'), reason: '  ' })).toMatchObject({ ok: false, reason: 'reason_required', request: { state: 'pending' } });
    expect(await engine.deny({ requestId: denied, actor: actor('nobody@msp.example'), reason: '' })).toMatchObject({ ok: false, reason: 'not_authorised', request: { state: 'pending' } });
    expect(await engine.deny({ requestId: denied, actor: actor('bob@msp.example'), reason: 'use the spare licences' })).toMatchObject({ ok: true, outcome: 'denied', request: { state: 'denied', reason: 'use the spare licences' } });
    expect(await engine.approve({ requestId: denied, actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'already_decided', by: 'bob@msp.example' });
    const cancelled = idOf(await seats(6));
    expect(await engine.cancel({ requestId: cancelled, actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'requester_only', request: { state: 'pending' } });
    expect(await engine.cancel({ requestId: cancelled, actor: actor(rita.email) })).toMatchObject({ ok: true, outcome: 'cancelled' });
    expect(await engine.approve({ requestId: cancelled, actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'already_decided', state: 'cancelled' });
    expect(fake.writesFor(subscriptionId)).toBe(0);
  });

  it('refuses a decision from a stale card and after the deadline', async () => {
    const { engine, seats, clock } = setup();
    const requestId = idOf(await seats(6));
    expect(await engine.approve({ requestId, actor: actor('ann@msp.example'), version: 7 })).toMatchObject({ ok: false, reason: 'stale_version' });
    clock.advance(24 * 3_600_000);
    const late = await engine.approve({ requestId, actor: actor('ann@msp.example') });
    expect(late).toMatchObject({ ok: false, reason: 'expired', request: { state: 'expired' } });
    expect(await engine.approve({ requestId, actor: actor('bob@msp.example') })).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('auto-approves only within the rule bounds and the daily limit', async () => {
    const policy = testPolicy({ approvals: { autoApprove: [{ kinds: ['seats'], maxSeats: 2, maxMonthlyCost: 50, maxPerRequesterPerDay: 2, companies: ['contoso'] }] } });
    const { seats, clock } = setup(policy);
    expect(await seats(7)).toMatchObject({ ok: true, outcome: 'auto_approved', request: { state: 'succeeded', autoApproved: true } });
    expect(await seats(8)).toMatchObject({ ok: true, outcome: 'created' });
    expect(await seats(7, 30)).toMatchObject({ ok: true, outcome: 'created' });
    expect(await seats(6)).toMatchObject({ ok: true, outcome: 'auto_approved' });
    expect(await seats(6)).toMatchObject({ ok: true, outcome: 'created' });
    clock.advance(24 * 3_600_000 + 1);
    // (The same +1 again would be that pending request: see "answers an identical request typed again".)
    expect(await seats(7)).toMatchObject({ ok: true, outcome: 'auto_approved' });
    const { seats: noRules } = setup();
    expect(await noRules(6)).toMatchObject({ ok: true, outcome: 'created' });
  });
});
