import { z } from 'zod';
import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { type EngineContext, move, reread, systemActor } from './engine-context.ts';
import { parseStoredPayload } from './kind-definition.ts';
import { proceedAfterApproval } from './proceed-after-approval.ts';

const recordedOkSchema = z.object({ pax8Ids: z.array(z.string()), result: z.unknown() });

/**
 * Settles an `unknown` request by reading Pax8, never by writing again. The write log is consulted
 * first: no attempt means nothing was sent (failed); an answered attempt is taken as it was recorded
 * (the owner died before its last step). Only a truly uncertain attempt asks the kind's resolver.
 */
export async function resolveRequest(ctx: EngineContext, request: ApprovalRequest): Promise<{ request: ApprovalRequest; events: ApprovalEvent[] }> {
  const def = ctx.kinds.get(request.kind);
  if (request.state !== 'unknown' || !def) return { request, events: [] };
  const attempts = await ctx.store.writes.forRequest(request.id);
  const last = attempts.at(-1);
  const settle = async (to: 'succeeded' | 'failed', reason: string, pax8Ids?: readonly string[]) => {
    const moved = await move(ctx, { request, to, actor: systemActor, reason, patch: { executor: null, ...(pax8Ids ? { pax8Ids } : {}) } });
    return moved ? { request: moved.request, events: [moved.event] } : { request: await reread(ctx, request), events: [] };
  };
  if (!last) return settle('failed', 'the Pax8 write was never sent');
  if (last.outcome === 'ok') {
    const recorded = recordedOkSchema.safeParse(last.response);
    return settle('succeeded', 'Pax8 had accepted the write', recorded.success ? recorded.data.pax8Ids : []);
  }
  if (last.outcome === 'refused') return settle('failed', `Pax8 refused: ${last.error ?? 'no detail'}`);

  const payload = parseStoredPayload(def, request);
  const claimedIds = await ctx.store.requests.claimedPax8Ids(request.kind, request.id);
  const now = ctx.clock.now();
  const verdict = await def.resolve(payload, last, { pax8: ctx.pax8, now, claimedIds, settleAfterMs: ctx.settleAfterMs });
  ctx.log.info({ requestId: request.id, outcome: verdict.outcome, detail: verdict.detail }, 'resolved an uncertain Pax8 write by reading');
  if (verdict.outcome === 'still_unknown') return { request, events: [] };
  if (verdict.outcome === 'succeeded') return settle('succeeded', `found by reading Pax8: ${verdict.detail ?? 'applied'}`, verdict.pax8Ids);
  return settle('failed', `found by reading Pax8: ${verdict.detail}`);
}

/**
 * Start-up and periodic recovery: an `executing` row past its lease lost its owner (crash) and
 * becomes `unknown`; an `approved` row past the lease never got claimed (crash right after the
 * decision) and is executed now; every `unknown` row is resolved by reading.
 */
export async function recoverRequests(ctx: EngineContext): Promise<ApprovalEvent[]> {
  const events: ApprovalEvent[] = [];
  const staleBefore = new Date(ctx.clock.now().getTime() - ctx.leaseMs);
  for (const stale of await ctx.store.requests.listInStates(['executing'], staleBefore)) {
    const moved = await move(ctx, { request: stale, to: 'unknown', actor: systemActor, reason: 'the replica executing it stopped before recording the outcome' });
    if (moved) events.push(moved.event);
  }
  for (const approved of await ctx.store.requests.listInStates(['approved'], staleBefore)) {
    try {
      events.push(...(await proceedAfterApproval(ctx, approved)).events);
    } catch (error) {
      ctx.log.warn({ requestId: approved.id, err: error }, 'could not proceed with an approved request; will retry');
    }
  }
  for (const unknown of await ctx.store.requests.listInStates(['unknown'])) {
    try {
      events.push(...(await resolveRequest(ctx, unknown)).events);
    } catch (error) {
      ctx.log.warn({ requestId: unknown.id, err: error }, 'could not read Pax8 to resolve an uncertain write; will retry');
    }
  }
  return events;
}
