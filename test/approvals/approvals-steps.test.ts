import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApprovalsEngine } from '../../src/approvals/create-approvals-engine.ts';
import type { ApprovalEvent } from '../../src/approvals/approval-events.ts';
import { createKindRegistry, defineSteppedKind } from '../../src/approvals/kind-definition.ts';
import { requestKinds } from '../../src/approvals/kinds/index.ts';
import type { StepDefinition, StepPlan } from '../../src/approvals/step-definition.ts';
import { approvalCard } from '../../src/intents/approval-card.ts';
import { createSilentLogger } from '../../src/log.ts';
import { GraphHttpError, GraphOutcomeUnknownError } from '../../src/microsoft/index.ts';
import type { Store } from '../../src/store/open-store.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createFakePax8 } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, seatChange, testPolicy } from '../helpers/approvals-harness.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

const minute = 60_000;
const call = { service: 'Graph', tenant: 'contoso.example', method: 'POST', route: '/things' } as const;

type Behaviour = 'refuse' | 'lost_after_apply' | 'lost_before_apply' | 'hang_after_apply';

/**
 * A small outside world the test kind acts on: named things that a write makes, one flag a step
 * waits for, and what the next write of a thing does (refused, answer lost after or before it was
 * applied, or no answer at all). Every write that reached the world is counted.
 */
function createWorld() {
  const world = {
    things: new Set<string>(),
    /** Writes that reached the world, in order (a refused one is not applied, but is counted in `sent`). */
    applied: [] as string[],
    sent: [] as string[],
    ready: false,
    next: new Map<string, Behaviour>(),
    /** What the store held for the attempt when each write was sent. */
    recordedBeforeSend: [] as { step: string | undefined; outcome: string }[],
  };
  return world;
}
type World = ReturnType<typeof createWorld>;

function thingStep(world: World, store: () => Store, id: string, secret?: string): StepDefinition<{ name: string }> {
  return {
    id,
    title: `Make ${id}`,
    plan: (p) =>
      Promise.resolve(
        world.things.has(`${p.name}:${id}`)
          ? { action: 'done', summary: `${id} was there already` }
          : { action: 'write', write: { operation: `PUT /things/${id}`, body: { name: p.name, thing: id }, summary: `make ${id}` } },
      ),
    async execute(p, _write, ctx) {
      const attempts = await store().writes.forRequest(ctx.requestId);
      const mine = attempts.at(-1);
      world.recordedBeforeSend.push({ step: mine?.step, outcome: mine?.outcome ?? 'none' });
      world.sent.push(id);
      const behaviour = world.next.get(id);
      world.next.delete(id);
      if (behaviour === 'refuse') throw new GraphHttpError(call, 400, { code: 'Request_BadRequest', message: `${id} is not allowed`, details: [] } as never);
      if (behaviour === 'lost_before_apply') throw new GraphOutcomeUnknownError(call, undefined, 'timeout');
      world.things.add(`${p.name}:${id}`);
      world.applied.push(id);
      if (behaviour === 'lost_after_apply') throw new GraphOutcomeUnknownError(call, 504, 'gateway timeout');
      if (behaviour === 'hang_after_apply') await new Promise(() => undefined);
      if (secret) ctx.tellRequester({ title: 'Your secret', text: secret });
      return { summary: `made ${id}`, result: { made: id } };
    },
    resolve: (p) =>
      Promise.resolve(world.things.has(`${p.name}:${id}`) ? { outcome: 'succeeded', detail: `${id} is there`, result: { made: id } } : { outcome: 'failed', detail: `${id} is not there` }),
  };
}

function waitStep(world: World): StepDefinition<{ name: string }> {
  return {
    id: 'wait',
    title: 'Wait for the world',
    plan: (_p, ctx): Promise<StepPlan> => {
      if (world.ready) return Promise.resolve({ action: 'done', summary: 'the world is ready' });
      if (ctx.waitingSince && ctx.now.getTime() - ctx.waitingSince.getTime() >= 60 * minute) return Promise.resolve({ action: 'stop', reason: 'the world was not ready after an hour' });
      return Promise.resolve({ action: 'wait', until: new Date(ctx.now.getTime() + 5 * minute), summary: 'waiting for the world' });
    },
    execute: () => Promise.reject(new Error('a wait step writes nothing')),
    resolve: () => Promise.reject(new Error('a wait step writes nothing')),
  };
}

let kinds = 0;
/** A kind of its own per test: the suite shares one database, and a test's engine must not run another test's requests. */
function testKind(world: World, store: () => Store) {
  kinds += 1;
  return defineSteppedKind({
    kind: `test-steps-${kinds}`,
    payloadSchema: z.object({ name: z.string() }),
    previewSchema: z.object({ kind: z.templateLiteral(["test-steps-", z.number()]) }),
    previewFacts: () => ({ facts: [], commitment: '', dryRun: null, warnings: [] }),
    requestedBy: 'requester',
    monthlyCostDelta: () => 0,
    target: (p) => `test:${p.name}`,
    steps: () => [thingStep(world, store, 'a'), waitStep(world), thingStep(world, store, 'b', 'pw-Sup3r-Secret')],
  });
}

describe.each(dbBackends)('multi-step requests on $name', (backend) => {
  const suite = useSuiteStore(backend);

  function setup() {
    const store = suite.store;
    const clock = createManualClock('2026-03-02T09:00:00Z');
    const fake = createFakePax8(clock);
    const world = createWorld();
    const kind = testKind(world, () => store);
    const kinds = createKindRegistry([...requestKinds, kind] as never);
    const events: ApprovalEvent[] = [];
    const engineOn = (instanceId: string) => {
      const engine = createApprovalsEngine({ store, pax8: fake.port, clock, policy: testPolicy(), log: createSilentLogger(), kinds, instanceId, leaseMs: 2 * minute });
      engine.on((e) => events.push(e));
      return engine;
    };
    const engine = engineOn('replica-1');
    const submit = async (name: string = kind.kind) => {
      const r = await engine.submit({ kind: kind.kind, payload: { name }, requester: rita, summary: `make ${name}` });
      if (!r.ok) throw new Error(r.reason);
      return r.request.id;
    };
    return { store, clock, fake, world, engine, engineOn, events, submit };
  }

  it('runs the steps in order, each recorded before it is sent, waits (scheduled, said on the card) and then finishes', async () => {
    const { engine, world, clock, submit, store } = setup();
    const id = await submit();
    const approved = await engine.approve({ requestId: id, actor: actor('ann@msp.example') });
    expect(approved).toMatchObject({ ok: true, request: { state: 'scheduled', reason: 'waiting for the world' } });
    expect(world.applied).toEqual(['a']);
    const waiting = approvalCard((await engine.get(id))!);
    expect(waiting.steps.map((s) => s.state)).toEqual(['done', 'waiting', 'pending']);
    expect(waiting.steps[1]).toMatchObject({ title: 'Wait for the world', summary: 'waiting for the world' });
    expect(waiting.actions).toEqual([]);

    clock.advance(5 * minute);
    await engine.scheduler.tick();
    expect((await engine.get(id))?.state).toBe('scheduled');
    world.ready = true;
    clock.advance(5 * minute);
    await engine.scheduler.tick();
    const done = (await engine.get(id))!;
    expect(done.state).toBe('succeeded');
    expect(done.reason).toBe('made a; the world is ready; made b');
    expect(world.applied).toEqual(['a', 'b']);
    expect(world.recordedBeforeSend).toEqual([{ step: 'a', outcome: 'sending' }, { step: 'b', outcome: 'sending' }]);
    expect((await store.writes.forRequest(id)).map((w) => [w.step, w.outcome])).toEqual([['a', 'ok'], ['b', 'ok']]);
  });

  it('tells the requester a secret privately: an event for the delivery, "sent privately" in the audit, nowhere in the store', async () => {
    const { engine, world, events, submit, store } = setup();
    world.ready = true;
    const id = await submit();
    await engine.approve({ requestId: id, actor: actor('ann@msp.example') });
    expect(events.filter((e) => e.type === 'private')).toMatchObject([{ title: 'Your secret', text: 'pw-Sup3r-Secret', request: { id } }]);
    expect((await store.audit.list({})).filter((a) => a.requestId === id).map((a) => a.reason)).toContain(`Your secret: sent privately to ${rita.email}`);
    const everything = JSON.stringify([await store.requests.get(id), await store.writes.forRequest(id), await store.audit.list({})]);
    expect(everything).not.toContain('pw-Sup3r-Secret');
    // Only the private event carries it; no transition's reason or card does.
    expect(JSON.stringify(events.filter((e) => e.type !== 'private'))).not.toContain('pw-Sup3r-Secret');
  });

  it('settles a lost answer by reading that step, then carries on without sending it again', async () => {
    const { engine, world, submit } = setup();
    world.ready = true;
    world.next.set('a', 'lost_after_apply');
    const id = await submit();
    expect(await engine.approve({ requestId: id, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'unknown' } });
    expect(approvalCard((await engine.get(id))!).steps[0]?.state).toBe('unknown');
    await engine.recover();
    expect(await engine.get(id)).toMatchObject({ state: 'succeeded' });
    expect(world.applied).toEqual(['a', 'b']);
    expect(world.sent).toEqual(['a', 'b']);
  });

  it('a lost answer found not applied by reading stops the request; Resume sends that step once more and runs the rest', async () => {
    const { engine, world, submit } = setup();
    world.ready = true;
    world.next.set('a', 'lost_before_apply');
    const id = await submit();
    await engine.approve({ requestId: id, actor: actor('ann@msp.example') });
    await engine.recover();
    const failed = (await engine.get(id))!;
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed.reason).toContain('found by reading that it was not done');
    expect(approvalCard(failed).actions.map((a) => a.verb)).toEqual(['resume']);
    const resumed = await engine.resume({ requestId: id, actor: actor('bob@msp.example'), version: failed.version });
    expect(resumed).toMatchObject({ ok: true, outcome: 'resumed', request: { state: 'succeeded' } });
    expect(world.sent).toEqual(['a', 'a', 'b']);
    expect(world.applied).toEqual(['a', 'b']);
  });

  it('a refused step stops the request with its done steps kept; Resume (approvers only, audited) runs only the rest', async () => {
    const { engine, world, submit, store } = setup();
    world.ready = true;
    world.next.set('b', 'refuse');
    const id = await submit();
    const r = await engine.approve({ requestId: id, actor: actor('ann@msp.example') });
    expect(r).toMatchObject({ request: { state: 'failed' } });
    const failed = (await engine.get(id))!;
    expect(failed.reason).toBe('Stopped at "Make b": refused: b is not allowed. Done: Make a, Wait for the world. Not done: Make b.');
    expect(approvalCard(failed).steps.map((s) => s.state)).toEqual(['done', 'done', 'failed']);

    expect(await engine.resume({ requestId: id, actor: actor('rita@msp.example') })).toMatchObject({ ok: false, reason: 'not_authorised' });
    const resumed = await engine.resume({ requestId: id, actor: actor('bob@msp.example') });
    expect(resumed).toMatchObject({ ok: true, outcome: 'resumed', request: { state: 'succeeded' } });
    expect(world.sent).toEqual(['a', 'b', 'b']);
    expect(world.applied).toEqual(['a', 'b']);
    const audit = (await store.audit.list({})).filter((a) => a.requestId === id);
    expect(audit.find((a) => a.fromState === 'failed' && a.toState === 'approved')).toMatchObject({ actorEmail: 'bob@msp.example', role: 'approver' });
    // Resumed once: a second click finds it decided.
    expect(await engine.resume({ requestId: id, actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'already_decided' });
  });

  it('a single-write request cannot be resumed, and a waiting request with a done step cannot be withdrawn', async () => {
    const { engine, fake, world, submit } = setup();
    fake.addSubscription({ id: 'sub-1', companyId: 'co-1', productId: 'p-1', quantity: 10 });
    fake.next({ refuse: 422, message: 'no' });
    const seats = await engine.submit({ kind: 'seats', payload: { subscriptionId: 'sub-1', companyId: 'co-1', ...seatChange(10, 12) }, requester: rita, summary: 'seats' });
    if (!seats.ok) throw new Error(seats.reason);
    await engine.approve({ requestId: seats.request.id, actor: actor('ann@msp.example') });
    expect(await engine.resume({ requestId: seats.request.id, actor: actor('bob@msp.example') })).toMatchObject({ ok: false, reason: 'not_resumable' });

    const id = await submit();
    await engine.approve({ requestId: id, actor: actor('ann@msp.example') });
    expect(world.applied).toEqual(['a']);
    expect(await engine.withdraw({ requestId: id, actor: actor('ann@msp.example') })).toMatchObject({ ok: false, reason: 'partly_done' });
  });

  it('bounds a wait: the step stops when it has waited too long', async () => {
    const { engine, clock, submit } = setup();
    const id = await submit();
    await engine.approve({ requestId: id, actor: actor('ann@msp.example') });
    for (let i = 0; i < 13; i += 1) {
      clock.advance(5 * minute);
      await engine.scheduler.tick();
    }
    const failed = (await engine.get(id))!;
    expect(failed.state).toBe('failed');
    expect(failed.reason).toContain('the world was not ready after an hour');
  });

  it('a crash in the middle of a step loses nothing: another replica settles it by reading and finishes once', async () => {
    const { engineOn, world, clock, submit } = setup();
    world.ready = true;
    world.next.set('b', 'hang_after_apply');
    const id = await submit();
    const first = engineOn('replica-1');
    // The first replica stops answering in the middle of step b (it has applied it): it never finishes.
    void first.approve({ requestId: id, actor: actor('ann@msp.example') });
    await expect.poll(() => world.applied.length).toBe(2);
    clock.advance(3 * minute);
    const second = engineOn('replica-2');
    await second.scheduler.tick();
    expect(await second.get(id)).toMatchObject({ state: 'succeeded' });
    expect(world.sent).toEqual(['a', 'b']);
  });

  it('two replicas running a waiting request at once run each step once', async () => {
    const { engineOn, world, clock, submit } = setup();
    const id = await submit();
    const one = engineOn('replica-1');
    const two = engineOn('replica-2');
    await one.approve({ requestId: id, actor: actor('ann@msp.example') });
    world.ready = true;
    clock.advance(5 * minute);
    await Promise.all([one.scheduler.tick(), two.scheduler.tick(), one.scheduler.tick()]);
    expect(await one.get(id)).toMatchObject({ state: 'succeeded' });
    expect(world.sent).toEqual(['a', 'b']);
  });
});
