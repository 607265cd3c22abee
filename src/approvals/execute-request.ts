import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { classifyWriteError } from './classify-write-error.ts';
import { type EngineContext, move, reread, retryAt, systemActor, utcText } from './engine-context.ts';
import { type ExecuteResult, type KindDefinition, parseStoredPayload, type PlannedWrite } from './kind-definition.ts';
import { withTarget } from './target-lock.ts';
import { executeStepsHoldingTarget } from './execute-steps.ts';

/** The request after the attempt, and what changed on the way. */
export interface ExecutionReport {
  readonly request: ApprovalRequest;
  readonly events: ApprovalEvent[];
}

type SettlePatch = NonNullable<Parameters<typeof move>[1]['patch']>;

/**
 * Runs an approved change at most once. Takes the target's turn (one execution per subscription or
 * company at a time), claims the request by CAS (`approved|scheduled → executing`: only the winner
 * goes on), reads the current state and plans the write from it (or stops with a reason), records
 * the attempt with what it read before sending (refused if a recovery took the request over
 * meanwhile), sends once, then records what came back. A refusal is `failed` (or `scheduled` for a
 * decrease Pax8 allows only at renewal; a scheduled change refused without effect tries again while
 * its window is open); anything uncertain is `unknown`, left to the resolver, which only reads.
 */
export async function executeRequest(ctx: EngineContext, request: ApprovalRequest): Promise<ExecutionReport> {
  const def = ctx.kinds.get(request.kind);
  if (!def || (request.state !== 'approved' && request.state !== 'scheduled')) return { request, events: [] };
  const payload = parseStoredPayload(def, request);
  const turn = await withTarget(ctx, def.target(payload), request.id, () =>
    def.steps ? executeStepsHoldingTarget(ctx, def, payload, request) : executeHoldingTarget(ctx, def, payload, request),
  );
  if (turn.ran) return turn.value;
  // Another change of the same subscription or company is running: try again shortly, in order.
  const waiting = await move(ctx, { request, to: request.state, actor: systemActor, reason: 'waits for another change of the same Pax8 item to finish', executeAt: new Date(ctx.clock.now().getTime() + 30_000) });
  return waiting ? { request: waiting.request, events: [] } : { request: await reread(ctx, request), events: [] };
}

async function executeHoldingTarget(ctx: EngineContext, def: KindDefinition, payload: unknown, request: ApprovalRequest): Promise<ExecutionReport> {
  const events: ApprovalEvent[] = [];
  const now = ctx.clock.now();
  const claimed = await move(ctx, { request, to: 'executing', actor: systemActor, patch: { executingSince: now, executor: ctx.instanceId } });
  if (!claimed) return { request: await reread(ctx, request), events };
  events.push(claimed.event);
  const executing = claimed.request;
  const wasScheduled = request.state === 'scheduled';

  let plan;
  try {
    plan = await def.plan(payload, { pax8: ctx.pax8.get(request.account), now, tenants: ctx.tenants });
  } catch (error) {
    // A read Pax8 refuses for good (the subscription or company is gone) ends it; anything passing tries again later.
    const verdict = classifyWriteError(error);
    const after =
      verdict.kind === 'refused' && verdict.status !== 429
        ? await settleOwned(ctx, executing, { to: 'failed', reason: `Not done: Pax8 refused to show what it would change (${verdict.message}). Nothing was sent to Pax8.`, patch: { executor: null } })
        : await retryLater(ctx, executing, wasScheduled ? 'scheduled' : 'approved', `could not read Pax8 before sending (${messageOf(error)}); nothing was sent`);
    return { request: after.request, events: [...events, ...after.events] };
  }
  if (plan.action === 'stop') {
    const stopped = await settleOwned(ctx, executing, { to: 'failed', reason: `Not done: ${plan.reason}. Nothing was sent to Pax8.`, patch: { executor: null } });
    return { request: stopped.request, events: [...events, ...stopped.events] };
  }
  if (plan.action === 'done') {
    const done = await settleOwned(ctx, executing, { to: 'succeeded', reason: plan.summary, patch: { executor: null, result: { summary: plan.summary, ranAt: now.toISOString() } } });
    return { request: done.request, events: [...events, ...done.events] };
  }

  const attemptId = ctx.newId();
  const planned = plan.write;
  const owned = await ctx.store.transaction((t) =>
    t.writes.recordAttempt({ attemptId, requestId: request.id, version: executing.version, operation: planned.operation, sent: planned.body, basis: { ...(typeof planned.basis === 'object' && planned.basis !== null ? planned.basis : {}), summary: planned.summary }, at: now }),
  );
  if (!owned) return { request: await reread(ctx, executing), events };

  let result: ExecuteResult;
  try {
    result = await def.execute(payload, planned, { pax8: ctx.pax8.get(request.account), now });
  } catch (error) {
    const settled = await recordFailure(ctx, { def, payload, executing, wasScheduled, attemptId, planned }, error);
    return { request: settled.request, events: [...events, ...settled.events] };
  }
  const at = ctx.clock.now();
  const outcome = { summary: planned.summary, ranAt: now.toISOString(), ...result.result };
  await ctx.store.writes.recordResult({ attemptId, outcome: 'ok', response: { pax8Ids: result.pax8Ids, result: outcome }, evidence: result.evidence, at });
  const done = await settleOwned(ctx, executing, { to: 'succeeded', reason: planned.summary, patch: { pax8Ids: result.pax8Ids, result: outcome, executor: null } });
  if (done.request.state === 'succeeded' && def.followUp) await ctx.store.work.put({ kind: 'watch', requestId: request.id, runAt: at });
  return { request: done.request, events: [...events, ...done.events] };
}

interface Attempt {
  readonly def: KindDefinition;
  readonly payload: unknown;
  readonly executing: ApprovalRequest;
  readonly wasScheduled: boolean;
  readonly attemptId: string;
  readonly planned: PlannedWrite;
}

async function recordFailure(ctx: EngineContext, a: Attempt, error: unknown): Promise<ExecutionReport> {
  const at = ctx.clock.now();
  const verdict = classifyWriteError(error);
  await ctx.store.writes.recordResult({ attemptId: a.attemptId, outcome: verdict.kind, error: verdict.message, at });
  if (verdict.kind === 'unknown') {
    ctx.log.warn({ requestId: a.executing.id, err: error }, 'Pax8 write outcome unknown; will resolve by reading');
    return settleOwned(ctx, a.executing, { to: 'unknown', reason: `Pax8 did not answer clearly (${verdict.message}); checking Pax8's records to see whether "${a.planned.summary}" happened`, patch: {} });
  }
  if (verdict.status === 429 && a.wasScheduled) {
    return retryLater(ctx, a.executing, 'scheduled', `Pax8 was busy (429) and changed nothing`, verdict.retryAfterMs);
  }
  if (verdict.status === 422 && !a.wasScheduled && a.def.checkWindow && a.def.deferOnRefusal?.(a.payload)) {
    const window = await a.def.checkWindow(a.payload, { pax8: ctx.pax8.get(a.executing.account), now: at }).catch(() => undefined);
    if (window && !window.ready && window.runAt) {
      return settleOwned(ctx, a.executing, {
        to: 'scheduled',
        reason: `Pax8 refused it mid-commitment (${verdict.message}); scheduled for the renewal window`,
        patch: { runAt: window.runAt, windowEnd: window.windowEnd, executor: null },
        executeAt: window.runAt,
      });
    }
  }
  return settleOwned(ctx, a.executing, { to: 'failed', reason: `Pax8 refused: ${verdict.message}. Nothing was changed.`, patch: { executor: null } });
}

/**
 * Puts a request that changed nothing back in line (`approved`, or `scheduled` inside its window)
 * with its next try booked, backing off with each attempt; a scheduled change whose window would
 * close first ends `failed`.
 */
export async function retryLater(ctx: EngineContext, request: ApprovalRequest, to: 'approved' | 'scheduled', why: string, retryAfterMs?: number): Promise<ExecutionReport> {
  const now = ctx.clock.now();
  const attempts = (await ctx.store.writes.forRequest(request.id)).length;
  const next = retryAt(now, attempts, retryAfterMs);
  if (to === 'scheduled' && request.windowEnd && next >= request.windowEnd) {
    return settleOwned(ctx, request, { to: 'failed', reason: `${why}; the renewal window closes ${utcText(request.windowEnd)}, before another try could run`, patch: { executor: null } });
  }
  return settleOwned(ctx, request, { to, reason: `${why}; tries again at ${utcText(next)}`, patch: { executor: null, ...(to === 'scheduled' ? { runAt: next } : {}) }, executeAt: next });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The owner's final CAS. If a recovery moved the request to `unknown` meanwhile (this call was slow),
 * the owner's definite answer still settles it; if a resolver already settled it, nothing changes.
 */
export async function settleOwned(
  ctx: EngineContext,
  executing: ApprovalRequest,
  s: { to: 'succeeded' | 'failed' | 'unknown' | 'scheduled' | 'approved'; reason?: string; patch: SettlePatch; executeAt?: Date },
): Promise<ExecutionReport> {
  const base = { to: s.to, actor: systemActor, reason: s.reason, patch: s.patch, executeAt: s.executeAt };
  const moved = await move(ctx, { ...base, request: executing });
  if (moved) return { request: moved.request, events: [moved.event] };
  const current = await ctx.store.requests.get(executing.id);
  if (current?.state === 'unknown' && executing.state === 'executing' && s.to !== 'unknown') {
    const late = await move(ctx, { ...base, request: current });
    if (late) return { request: late.request, events: [late.event] };
  }
  return { request: await reread(ctx, executing), events: [] };
}
