import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApprovalsEngine } from '../../src/approvals/create-approvals-engine.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createFakePax8, type FakeWriteBehaviour } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, testEngine, uniqueId, seatChange } from '../helpers/approvals-harness.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

const people = ['ann@msp.example', 'bob@msp.example', 'cat@msp.example', 'admin@msp.example', rita.email, 'eve@msp.example'];
const behaviours: FakeWriteBehaviour[] = ['ok', { refuse: 422, message: 'no' }, 'unknown_after_apply', 'unknown_before_apply', 'hang_after_apply'];

const command = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('approve' as const), req: fc.nat(1), who: fc.nat(people.length - 1) }) },
  fc.record({ op: fc.constant('deny' as const), req: fc.nat(1), who: fc.nat(people.length - 1) }),
  fc.record({ op: fc.constant('cancel' as const), req: fc.nat(1), byRequester: fc.boolean() }),
  fc.record({ op: fc.constant('retry' as const), req: fc.nat(1) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('fault' as const), behaviour: fc.nat(behaviours.length - 1) }) },
  fc.record({ op: fc.constant('expire' as const) }),
  fc.record({ op: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ op: fc.constant('crash' as const) }),
);

describe.each(dbBackends)('approval state machine (property) on $name', (backend) => {
  const suite = useSuiteStore(backend);

  it('never executes a write twice and never loses a request', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 16 }), fc.tuple(fc.boolean(), fc.boolean()), async (commands, expensive) => {
        const clock = createManualClock('2026-05-04T09:00:00Z');
        const fake = createFakePax8(clock);
        const { engine } = testEngine({ store: suite.store, pax8: fake.port, clock });
        const restart = (): ApprovalsEngine => testEngine({ store: suite.store, pax8: fake.port, clock }).engine;

        const requests: TestRequest[] = await Promise.all(
          expensive.map(async (big, i) => {
            const subscriptionId = uniqueId(`prop-${i}`);
            fake.addSubscription({ id: subscriptionId, companyId: 'co', productId: 'p', quantity: 10 });
            const input = {
              kind: 'seats',
              payload: { subscriptionId, companyId: 'co', ...seatChange(10, 12), unitMonthlyCost: big ? 600 : 5 },
              requester: rita,
              summary: 'two more seats',
              idempotencyKey: uniqueId('evt'),
            };
            const r = await engine.submit(input);
            if (!r.ok) throw new Error(r.reason);
            return { id: r.request.id, subscriptionId, input };
          }),
        );

        const world: World = { engine, fake, clock, requests, restart };
        for (const c of commands) await runCommand(world, c);

        // Let every lease and settle time pass, then let a fresh replica finish everything.
        clock.advance(3_600_000);
        fake.clearBehaviours();
        const final = restart();
        await final.recover();
        await final.recover();
        for (const r of requests) {
          const request = await final.get(r.id);
          const writes = fake.writesFor(r.subscriptionId);
          const attempts = await suite.store.writes.forRequest(r.id);
          expect(request).toBeDefined();
          expect(writes).toBeLessThanOrEqual(1);
          expect(attempts.length).toBeLessThanOrEqual(1);
          expect(['executing', 'unknown', 'approved']).not.toContain(request?.state);
          expect(request?.state === 'succeeded' ? 1 : 0).toBe(writes);
          seen.add(request?.state ?? 'missing');
        }
      }),
      { numRuns: 160 },
    );
    // The generator must reach the interesting ends, not only "pending".
    expect([...seen]).toEqual(expect.arrayContaining(['succeeded', 'failed', 'denied', 'expired', 'cancelled', 'pending']));
  }, 180_000);
});

type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;
type TestRequest = { id: string; subscriptionId: string; input: Parameters<ApprovalsEngine['submit']>[0] };
interface World {
  engine: ApprovalsEngine;
  readonly fake: ReturnType<typeof createFakePax8>;
  readonly clock: ReturnType<typeof createManualClock>;
  readonly requests: readonly TestRequest[];
  readonly restart: () => ApprovalsEngine;
}

/** One step of a random scenario; a write that hangs stands for a replica that died mid-call. */
async function runCommand(w: World, c: Command): Promise<void> {
  switch (c.op) {
    case 'approve':
    case 'deny': {
      const decision = { requestId: w.requests[c.req]!.id, actor: actor(people[c.who]!) };
      const pending = c.op === 'approve' ? w.engine.approve(decision) : w.engine.deny({ ...decision, reason: 'no' });
      const outcome = await Promise.race([pending.then(() => 'done' as const), w.fake.whenHung().then(() => 'hung' as const)]);
      if (outcome === 'hung') w.engine = w.restart();
      return;
    }
    case 'cancel':
      await w.engine.cancel({ requestId: w.requests[c.req]!.id, actor: actor(c.byRequester ? rita.email : 'bob@msp.example') });
      return;
    case 'retry':
      expect(await w.engine.submit(w.requests[c.req]!.input)).toMatchObject({ ok: true, outcome: 'existing', request: { id: w.requests[c.req]!.id } });
      return;
    case 'fault':
      w.fake.next(behaviours[c.behaviour]!);
      return;
    case 'expire':
      w.clock.advance(25 * 3_600_000);
      await w.engine.scheduler.tick();
      return;
    case 'tick':
      w.clock.advance(c.minutes * 60_000);
      await w.engine.scheduler.tick();
      return;
    case 'crash':
      w.engine = w.restart();
  }
}
