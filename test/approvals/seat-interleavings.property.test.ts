/**
 * Random weeks of a busy MSP, against the sandbox over HTTP: seat requests on a few subscriptions,
 * approvals one by one and at the same moment, lost answers, 503s and 429s, replicas dying in the
 * middle of a write, restarts, and clock jumps across renewals. After each run, every
 * subscription's quantity must equal its starting quantity plus the changes whose cards say done,
 * each done change must be one change in Pax8's history, and nothing may be left to guess.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalsEngine } from '../../src/approvals/create-approvals-engine.ts';
import { historyChanges } from '../../src/approvals/kinds/write-evidence.ts';
import { type Pax8Port, subscriptionTimes } from '../../src/approvals/pax8-port.ts';
import type { Subscription } from '../../src/pax8/index.ts';
import type { ApprovalRequest } from '../../src/store/approval-request.ts';
import { actor, rita, testEngine } from '../helpers/approvals-harness.ts';
import { type ApprovalsSandbox, startApprovalsSandbox } from '../helpers/approvals-sandbox.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

const day = 86_400_000;
const deltas = [1, 2, 3, -1, -2] as const;
const faults = [{ hangAfterWrite: true }, { status: 503 }, { status: 429 }] as const;

const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('submit' as const), sub: fc.nat(2), delta: fc.constantFrom(...deltas) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('approve' as const), req: fc.nat(15) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('approveTogether' as const), a: fc.nat(15), b: fc.nat(15) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('fault' as const), fault: fc.nat(faults.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crashDuringWrite' as const), req: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('jump' as const), ms: fc.constantFrom(5 * 60_000, 15 * 60_000, day, 8 * day, 40 * day, 200 * day) }) },
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  engine: ApprovalsEngine;
  readonly subs: { id: string; companyId: string; start: number; committed: boolean }[];
  readonly requests: { id: string; sub: number; delta: number }[];
  readonly abandoned: Promise<unknown>[];
}

describe.each(dbBackends)('seat changes under random interleavings (property) on $name', (backend) => {
  let sb: ApprovalsSandbox;
  let port: Pax8Port;
  let dyingPort: Pax8Port;
  /** Subscriptions not used by a run yet, as listed once (each run takes fresh ones and reads them again). */
  let pool: Subscription[] = [];
  beforeAll(async () => {
    sb = await startApprovalsSandbox({ now: '2026-03-02T09:00:00Z', timeoutMs: 800, companies: 30 });
    port = sb.port();
    dyingPort = sb.port(4_000);
    for await (const s of sb.client().subscriptions.list({ status: 'Active' })) pool.push(s);
  });
  afterAll(() => sb.sandbox.close());
  const suite = useSuiteStore(backend);
  // Pax8 and the bot share the sandbox clock here, so the attempt windows need no allowance for skew.
  const engine = (pax8: Pax8Port = port) => testEngine({ store: suite.store, pax8, clock: sb.clock, skewMs: 0 }).engine;

  async function pick(predicate: (s: Subscription) => boolean) {
    const listed = pool.find(predicate);
    if (!listed) throw new Error('the sandbox has no unused subscription of that kind left');
    pool = pool.filter((s) => s !== listed);
    const s = await port.subscriptions.get(listed.id);
    return { id: s.id, companyId: String(s.companyId), start: s.quantity ?? 0, committed: subscriptionTimes(s).commitmentEnd !== undefined };
  }

  async function step(run: Run, c: Op) {
    const request = (i: number) => run.requests[i % Math.max(1, run.requests.length)];
    const approve = (r: { id: string } | undefined, who: string) => (r ? run.engine.approve({ requestId: r.id, actor: actor(who) }) : undefined);
    switch (c.op) {
      case 'submit': {
        const sub = run.subs[c.sub];
        if (!sub) return;
        const change = c.delta > 0 ? { mode: 'add' as const, amount: c.delta } : { mode: 'remove' as const, amount: -c.delta };
        // As the intent layer does: a decrease of a committed subscription waits for the renewal.
        const atRenewal = sub.committed && c.delta < 0;
        const quoted = (await port.subscriptions.get(sub.id)).quantity ?? 0;
        const r = await run.engine.submit({ kind: 'seats', payload: { subscriptionId: sub.id, companyId: sub.companyId, change, quotedQuantity: quoted }, requester: rita, summary: 'seats', atRenewal });
        // The same change asked again by the same person while it is open is that request (`repeated`), not another.
        if (r.ok && r.outcome !== 'repeated') run.requests.push({ id: r.request.id, sub: c.sub, delta: c.delta });
        return;
      }
      case 'approve':
        await approve(request(c.req), 'ann@msp.example');
        return;
      case 'approveTogether':
        await Promise.all([approve(request(c.a), 'ann@msp.example'), approve(request(c.b), 'bob@msp.example')]);
        return;
      case 'fault':
        await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', times: 1, ...faults[c.fault] });
        return;
      case 'crashDuringWrite': {
        const r = request(c.req);
        if (!r || (await run.engine.get(r.id))?.state !== 'pending') return;
        // This replica sends the write, Pax8 applies it, and the replica is gone before the answer.
        await sb.fault({ route: 'PUT /subscriptions/{subscriptionId}', hangAfterWrite: true, times: 1 });
        const dying = engine(dyingPort);
        const writesBefore = (await sb.writes()).length;
        run.abandoned.push(dying.approve({ requestId: r.id, actor: actor('bob@msp.example') }).catch(() => undefined));
        // Until the write reached Pax8, or the dying replica gave up waiting (its client times out after 4 s).
        const until = Date.now() + 5_000;
        while (Date.now() < until && (await sb.writes()).length === writesBefore && (await run.engine.get(r.id))?.state !== 'scheduled') await new Promise((res) => setTimeout(res, 20));
        sb.clock.advance(3 * 60_000);
        run.engine = engine();
        await run.engine.recover();
        return;
      }
      case 'restart':
        run.engine = engine();
        await run.engine.recover();
        return;
      case 'jump':
        sb.clock.advance(c.ms);
        await run.engine.scheduler.tick();
        await run.engine.scheduler.tick();
    }
  }

  it('keeps every quantity equal to its start plus the changes whose cards say done', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 14 }), async (ops) => {
        const now = sb.clock.now().getTime();
        const run: Run = {
          engine: engine(),
          subs: [
            await pick((s) => subscriptionTimes(s).commitmentEnd === undefined && (s.quantity ?? 0) > 2),
            await pick((s) => subscriptionTimes(s).commitmentEnd === undefined && (s.quantity ?? 0) > 2),
            await pick((s) => s.commitment?.term === '1-Year'),
          ],
          requests: [],
          abandoned: [],
        };
        for (const c of ops) await step(run, c);
        await Promise.all(run.abandoned);

        // Let every lease and settle time pass, with no more faults, and let a fresh replica finish.
        await fetch(`${sb.sandbox.url}/__sandbox/faults`, { method: 'DELETE' });
        const final = engine();
        for (let i = 0; i < 3; i += 1) {
          sb.clock.advance(15 * 60_000);
          await final.recover();
          await final.scheduler.tick();
        }

        const settled = (await Promise.all(run.requests.map(async (r) => ({ ...r, request: (await final.get(r.id)) as ApprovalRequest })))).filter((r) => r.request);
        // Nothing is left half-done or to guess: every request is decided, waiting, or ended.
        expect(settled.filter((r) => ['executing', 'unknown', 'approved'].includes(r.request.state)).map((r) => `${r.request.state}: ${r.request.reason ?? ''}`)).toEqual([]);
        for (const [index, sub] of run.subs.entries()) {
          const done = settled.filter((r) => r.sub === index && r.request.state === 'succeeded');
          const quantity = (await port.subscriptions.get(sub.id)).quantity;
          expect(quantity, `subscription ${index}: start ${sub.start}, done ${done.map((d) => d.delta).join(' ')}`).toBe(sub.start + done.reduce((sum, d) => sum + d.delta, 0));
          // Each done card is one quantity change in Pax8's history, and each change is one done card.
          const changes = historyChanges(await port.subscriptions.history(sub.id)).filter((h) => h.before !== undefined && h.before.quantity !== h.after.quantity);
          const ours = changes.filter((h) => h.at.getTime() >= now);
          const history = (await port.subscriptions.history(sub.id)).map((h) => `${h.updatedDate ?? '-'} ${String(h.quantity)} ${String(h.status)}`);
          expect(ours.map((h) => (h.after.quantity ?? 0) - (h.before?.quantity ?? 0)).sort(), `history since ${new Date(now).toISOString()}: ${history.join(' | ')}`).toEqual(done.map((d) => d.delta).sort());
        }
      }),
      { numRuns: backend.name === 'pglite' ? 14 : 8, endOnFailure: true },
    );
  }, 600_000);
});
