import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { type EngineContext, move, moveRequest, reread, systemActor } from './engine-context.ts';
import { MicrosoftNotConnectedError, withNotes } from './execute-steps.ts';
import type { SteppedKindDefinition } from './kind-definition.ts';
import { childRequests } from './open-child-request.ts';
import type { PrivateNote, StepRecord, StepResolveContext } from './step-definition.ts';
import { markStep, progressOf, resultWith, stepFacts } from './step-progress.ts';

/** What settling an uncertain multi-step request found; `proceed`: run the steps not done now. */
export interface StepsResolution {
  readonly request: ApprovalRequest;
  readonly events: ApprovalEvent[];
  readonly proceed: boolean;
}

/**
 * Settles an `unknown` multi-step request by reading, never by sending again. The write log says
 * which step was in flight: none (the owner stopped between steps, or while reading) or an answered
 * one → it carries on with the steps not done (`approved`, then executed); a refused one → `failed`;
 * an uncertain one → that step's resolver reads (the user by UPN, the licence by `licenseDetails`,
 * the seat by the subscription's history): found → the step is done and the rest runs; proven not
 * applied → `failed` (Resume sends it again); not yet known → stays `unknown`, said on the card.
 */
export async function resolveStepsHoldingTarget(ctx: EngineContext, def: SteppedKindDefinition, payload: unknown, request: ApprovalRequest): Promise<StepsResolution> {
  const definitions = def.steps(payload);
  const steps = progressOf(definitions, request.result);
  // Writes made beside the steps (a new password sent later) are not steps: they never settle one.
  const attempts = (await ctx.store.writes.forRequest(request.id)).filter((a) => definitions.some((d) => d.id === a.step));
  const last = attempts.at(-1);
  const index = last ? definitions.findIndex((s) => s.id === last.step) : -1;
  const step = definitions[index];
  const now = ctx.clock.now();

  const carryOn = async (marked: StepRecord[], why: string): Promise<StepsResolution> => {
    const moved = await move(ctx, { request, to: 'approved', actor: systemActor, reason: why, patch: { executor: null, result: resultWith(request.result, marked) } });
    return moved ? { request: moved.request, events: [moved.event], proceed: true } : { request: await reread(ctx, request), events: [], proceed: false };
  };
  const stop = async (marked: StepRecord[], title: string, why: string): Promise<StepsResolution> => {
    const reason = `Stopped at "${title}": ${why}. ${stepFacts(marked)}`;
    const moved = await move(ctx, { request, to: 'failed', actor: systemActor, reason, patch: { executor: null, result: resultWith(request.result, marked) } });
    return moved ? { request: moved.request, events: [moved.event], proceed: false } : { request: await reread(ctx, request), events: [], proceed: false };
  };

  if (!last || !step || last.outcome === 'ok' || steps[index]?.state === 'done') return carryOn(steps, 'the bot stopped part-way; it carries on with the steps not done');
  if (last.outcome === 'refused') return stop(markStep(steps, index, 'failed', `refused: ${last.error ?? 'no detail'}`, now), step.title, `refused: ${last.error ?? 'no detail'}`);

  const notes: PrivateNote[] = [];
  const rctx: StepResolveContext = {
    pax8: ctx.pax8.get(request.account),
    now,
    requestId: request.id,
    earlier: Object.fromEntries(steps.slice(0, index).map((s) => [s.id, s])),
    waitingSince: undefined,
    graph: (tenantId) => {
      if (!ctx.microsoft) throw new MicrosoftNotConnectedError();
      return ctx.microsoft.forTenant(tenantId);
    },
    tellRequester: (note) => notes.push(note),
    ...childRequests(ctx, request, { mayOpen: false }),
    claimed: (evidence) => ctx.store.writes.claimedAmong(evidence, request.id),
    attemptEnd: last.finishedAt ?? new Date(last.sentAt.getTime() + ctx.leaseMs),
    skewMs: ctx.skewMs,
    settleAfterMs: ctx.settleAfterMs,
  };
  const verdict = await step.resolve(payload, last, rctx);
  ctx.log.info({ requestId: request.id, step: step.id, outcome: verdict.outcome, detail: verdict.detail }, 'resolved an uncertain step by reading');
  if (verdict.outcome === 'still_unknown') {
    const reason = `"${step.title}" did not answer clearly; ${verdict.detail}`;
    if (request.reason === reason) return { request, events: [], proceed: false };
    const noted = await move(ctx, { request, to: 'unknown', actor: systemActor, reason });
    return noted ? { request: noted.request, events: [noted.event], proceed: false } : { request, events: [], proceed: false };
  }
  if (verdict.outcome === 'failed') {
    await ctx.store.writes.recordResult({ attemptId: last.attemptId, outcome: 'refused', error: `not applied (found by reading: ${verdict.detail})`, at: now });
    return stop(markStep(steps, index, 'failed', `not done (found by reading: ${verdict.detail})`, now), step.title, `found by reading that it was not done (${verdict.detail})`);
  }
  const marked = markStep(steps, index, 'done', verdict.detail, now, verdict.result);
  const settled = await ctx.store.transaction(async (t) => {
    if (verdict.evidence && !(await t.writes.claimEvidence(last.attemptId, verdict.evidence))) return undefined;
    await t.writes.recordResult({ attemptId: last.attemptId, outcome: 'ok', response: { summary: verdict.detail, result: verdict.result ?? null, pax8Ids: verdict.pax8Ids ?? [], found: true }, at: now });
    const pax8Ids = [...new Set([...request.pax8Ids, ...(verdict.pax8Ids ?? [])])];
    return moveRequest(t, now, { request, to: 'approved', actor: systemActor, reason: `"${step.title}" was found done by reading (${verdict.detail}); carries on with the steps not done`, patch: { executor: null, pax8Ids, result: resultWith(request.result, marked) } });
  });
  if (!settled) return { request: await reread(ctx, request), events: [], proceed: false };
  const withPrivate = await withNotes({ ctx, notes }, { request: settled.request, events: [settled.event] });
  return { ...withPrivate, proceed: true };
}
