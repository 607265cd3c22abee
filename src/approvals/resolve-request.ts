import { z } from 'zod';
import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { type EngineContext, move, moveRequest, reread, systemActor } from './engine-context.ts';
import { executeRequest, retryLater } from './execute-request.ts';
import { resolveStepsHoldingTarget } from './resolve-steps.ts';
import { releaseStalePasswordSends } from './send-new-password.ts';
import { type KindDefinition, parseStoredPayload } from './kind-definition.ts';
import { proceedAfterApproval } from './proceed-after-approval.ts';
import { withTarget } from './target-lock.ts';

const recordedOkSchema = z.object({ pax8Ids: z.array(z.string()), result: z.record(z.string(), z.unknown()).nullable().optional() });

type Report = { request: ApprovalRequest; events: ApprovalEvent[] };

/**
 * Settles an `unknown` request by reading Pax8, never by writing again. The write log is consulted
 * first: no attempt means nothing was sent (failed); an answered attempt is taken as it was recorded
 * (the owner died before its last step). Only a truly uncertain attempt asks the kind's resolver,
 * holding the target's turn so that no execution on the same subscription or company runs meanwhile.
 * A scheduled change found not applied goes back in line while its window is open.
 */
export async function resolveRequest(ctx: EngineContext, request: ApprovalRequest): Promise<Report> {
  const def = ctx.kinds.get(request.kind);
  if (request.state !== 'unknown' || !def) return { request, events: [] };
  const payload = parseStoredPayload(def, request);
  if (def.steps) {
    const stepped = await withTarget(ctx, def.target(payload), request.id, () => resolveStepsHoldingTarget(ctx, def, payload, request));
    if (!stepped.ran) return { request, events: [] };
    if (!stepped.value.proceed) return stepped.value;
    // Found where it stopped: the steps not done run now (the target's turn was released for it).
    const after = await executeRequest(ctx, stepped.value.request);
    return { request: after.request, events: [...stepped.value.events, ...after.events] };
  }
  const turn = await withTarget(ctx, def.target(payload), request.id, () => resolveHoldingTarget(ctx, def, payload, request));
  return turn.ran ? turn.value : { request, events: [] };
}

async function resolveHoldingTarget(ctx: EngineContext, def: KindDefinition, payload: unknown, request: ApprovalRequest): Promise<Report> {
  const attempts = await ctx.store.writes.forRequest(request.id);
  const last = attempts.at(-1);
  const settle = async (to: 'succeeded' | 'failed', reason: string, patch: { pax8Ids?: readonly string[]; result?: unknown } = {}): Promise<Report> => {
    const moved = await move(ctx, { request, to, actor: systemActor, reason, patch: { executor: null, ...patch } });
    return moved ? { request: moved.request, events: [moved.event] } : { request: await reread(ctx, request), events: [] };
  };
  if (!last) return settle('failed', 'the Pax8 write was never sent');
  if (last.outcome === 'ok') {
    const recorded = recordedOkSchema.safeParse(last.response);
    return settle('succeeded', 'Pax8 had accepted the write', recorded.success ? { pax8Ids: recorded.data.pax8Ids, result: recorded.data.result ?? null } : {});
  }
  if (last.outcome === 'refused') return settle('failed', `Pax8 refused: ${last.error ?? 'no detail'}`);

  const now = ctx.clock.now();
  const attemptEnd = last.finishedAt ?? new Date(last.sentAt.getTime() + ctx.leaseMs);
  const verdict = await def.resolve(payload, last, { pax8: ctx.pax8.get(request.account), now, claimed: (evidence) => ctx.store.writes.claimedAmong(evidence, request.id), attemptEnd, skewMs: ctx.skewMs, settleAfterMs: ctx.settleAfterMs });
  ctx.log.info({ requestId: request.id, outcome: verdict.outcome, detail: verdict.detail }, 'resolved an uncertain Pax8 write by reading');
  const basis = z.object({ summary: z.string() }).safeParse(last.basis);
  if (verdict.outcome === 'still_unknown') {
    if (request.reason === verdict.detail) return { request, events: [] };
    // Said on the card: what the bot found so far, and what an approver should check.
    const noted = await move(ctx, { request, to: 'unknown', actor: systemActor, reason: verdict.detail });
    return noted ? { request: noted.request, events: [noted.event] } : { request, events: [] };
  }
  if (verdict.outcome === 'succeeded') {
    const claimed = await ctx.store.transaction(async (t) => {
      if (!(await t.writes.claimEvidence(last.attemptId, verdict.evidence))) return undefined;
      await t.writes.recordResult({ attemptId: last.attemptId, outcome: 'ok', response: { pax8Ids: verdict.pax8Ids, found: verdict.detail }, at: now });
      const result = { ...(basis.success ? { summary: basis.data.summary } : {}), ranAt: last.sentAt.toISOString(), found: verdict.detail };
      const moved = await moveRequest(t, now, { request, to: 'succeeded', actor: systemActor, reason: `found by reading Pax8: ${verdict.detail}`, patch: { pax8Ids: verdict.pax8Ids, result, executor: null } });
      return moved ? { request: moved.request, events: [moved.event] } : undefined;
    });
    return claimed ?? { request, events: [] };
  }
  if (request.windowEnd && now < request.windowEnd) return retryLater(ctx, request, 'scheduled', verdict.detail);
  return settle('failed', `found by reading Pax8: ${verdict.detail}`);
}

/**
 * Start-up and periodic recovery: an `executing` row past its lease lost its owner (crash) and
 * becomes `unknown`; an `approved` row past the lease never got claimed (crash right after the
 * decision) and is executed now; a `scheduled` row without its work item (a crash between the two,
 * before they moved together) is booked again; every `unknown` row is resolved by reading; a new
 * password whose send was cut off gets its button back (never sent again by itself).
 */
export async function recoverRequests(ctx: EngineContext): Promise<ApprovalEvent[]> {
  const events: ApprovalEvent[] = [];
  const now = ctx.clock.now();
  const staleBefore = new Date(now.getTime() - ctx.leaseMs);
  for (const stale of await ctx.store.requests.listInStates(['executing'], staleBefore)) {
    const moved = await move(ctx, { request: stale, to: 'unknown', actor: systemActor, reason: 'the replica executing it stopped before recording the outcome; checking Pax8' });
    if (moved) events.push(moved.event);
  }
  for (const approved of await ctx.store.requests.listInStates(['approved'], staleBefore)) {
    // One booked for a later try (after a failed read, or waiting its turn) keeps its time.
    if ((await ctx.store.work.forRequest(approved.id)).some((w) => w.kind === 'execute' && w.runAt > now)) continue;
    try {
      events.push(...(await proceedAfterApproval(ctx, approved)).events);
    } catch (error) {
      ctx.log.warn({ requestId: approved.id, err: error }, 'could not proceed with an approved request; will retry');
    }
  }
  for (const orphan of await ctx.store.requests.listScheduledWithoutWork()) {
    const runAt = orphan.runAt && orphan.runAt > now ? orphan.runAt : now;
    await ctx.store.work.put({ kind: 'execute', requestId: orphan.id, runAt });
    ctx.log.warn({ requestId: orphan.id, runAt }, 'booked a scheduled change that had no work item');
  }
  for (const unknown of await ctx.store.requests.listInStates(['unknown'])) {
    try {
      events.push(...(await resolveRequest(ctx, unknown)).events);
    } catch (error) {
      ctx.log.warn({ requestId: unknown.id, err: error }, 'could not read Pax8 to resolve an uncertain write; will retry');
    }
  }
  events.push(...(await releaseStalePasswordSends(ctx)));
  return events;
}
