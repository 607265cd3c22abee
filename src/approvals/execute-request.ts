import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { classifyWriteError } from './classify-write-error.ts';
import { type EngineContext, move, reread, systemActor } from './engine-context.ts';
import { type ExecuteResult, type KindDefinition, parseStoredPayload } from './kind-definition.ts';

/** The request after the attempt, and what changed on the way. */
export interface ExecutionReport {
  readonly request: ApprovalRequest;
  readonly events: ApprovalEvent[];
}

/**
 * Runs the approved Pax8 write at most once. Claims the request by CAS (`approved|scheduled →
 * executing`: only the winner goes on), records the attempt before sending (refused if a recovery
 * took the request over meanwhile), sends once, then records what came back. A refusal is `failed`
 * (or `scheduled` for a decrease/cancellation Pax8 allows only at renewal); anything uncertain is
 * `unknown`, left to the resolver, which only reads.
 */
export async function executeRequest(ctx: EngineContext, request: ApprovalRequest): Promise<ExecutionReport> {
  const events: ApprovalEvent[] = [];
  const def = ctx.kinds.get(request.kind);
  if (!def || (request.state !== 'approved' && request.state !== 'scheduled')) return { request, events };
  const payload = parseStoredPayload(def, request);
  const now = ctx.clock.now();
  const claimed = await move(ctx, { request, to: 'executing', actor: systemActor, patch: { executingSince: now, executor: ctx.instanceId } });
  if (!claimed) return { request: await reread(ctx, request), events };
  events.push(claimed.event);

  const attemptId = ctx.newId();
  const planned = def.describeWrite(payload);
  const owned = await ctx.store.transaction((t) =>
    t.writes.recordAttempt({ attemptId, requestId: request.id, version: claimed.request.version, operation: planned.operation, sent: planned.body, at: now }),
  );
  if (!owned) return { request: await reread(ctx, claimed.request), events };

  let result: ExecuteResult;
  try {
    result = await def.execute(payload, { pax8: ctx.pax8, now });
  } catch (error) {
    const settled = await recordFailure(ctx, def, payload, claimed.request, request.state === 'scheduled', attemptId, error);
    return { request: settled.request, events: [...events, ...settled.events] };
  }
  const at = ctx.clock.now();
  await ctx.store.writes.recordResult({ attemptId, outcome: 'ok', response: { pax8Ids: result.pax8Ids, result: result.result ?? null }, at });
  const done = await settleOwned(ctx, claimed.request, { to: 'succeeded', patch: { pax8Ids: result.pax8Ids, result: result.result ?? null, executor: null } });
  return { request: done.request, events: [...events, ...done.events] };
}

async function recordFailure(
  ctx: EngineContext,
  def: KindDefinition,
  payload: unknown,
  executing: ApprovalRequest,
  wasScheduled: boolean,
  attemptId: string,
  error: unknown,
): Promise<ExecutionReport> {
  const at = ctx.clock.now();
  const verdict = classifyWriteError(error);
  await ctx.store.writes.recordResult({ attemptId, outcome: verdict.kind, error: verdict.message, at });
  if (verdict.kind === 'unknown') {
    ctx.log.warn({ requestId: executing.id, err: error }, 'Pax8 write outcome unknown; will resolve by reading');
    return settleOwned(ctx, executing, { to: 'unknown', reason: verdict.message, patch: {} });
  }
  if (verdict.status === 422 && !wasScheduled && def.checkWindow && def.deferOnRefusal?.(payload)) {
    const window = await def.checkWindow(payload, { pax8: ctx.pax8, now: at }).catch(() => undefined);
    if (window && !window.ready && window.runAt) {
      const report = await settleOwned(ctx, executing, {
        to: 'scheduled',
        reason: `Pax8 refused it mid-commitment (${verdict.message}); scheduled for the renewal window`,
        patch: { runAt: window.runAt, windowEnd: window.windowEnd, executor: null },
      });
      if (report.request.state === 'scheduled') await ctx.store.work.put({ kind: 'execute', requestId: executing.id, runAt: window.runAt });
      return report;
    }
  }
  return settleOwned(ctx, executing, { to: 'failed', reason: `Pax8 refused: ${verdict.message}`, patch: { executor: null } });
}

/**
 * The owner's final CAS. If a recovery moved the request to `unknown` meanwhile (this call was slow),
 * the owner's definite answer still settles it; if a resolver already settled it, nothing changes.
 */
async function settleOwned(
  ctx: EngineContext,
  executing: ApprovalRequest,
  s: { to: 'succeeded' | 'failed' | 'unknown' | 'scheduled'; reason?: string; patch: Parameters<typeof move>[1]['patch'] },
): Promise<ExecutionReport> {
  const base = { to: s.to, actor: systemActor, reason: s.reason, patch: s.patch ?? {} };
  const moved = await move(ctx, { ...base, request: executing });
  if (moved) return { request: moved.request, events: [moved.event] };
  const current = await ctx.store.requests.get(executing.id);
  if (current?.state === 'unknown' && s.to !== 'unknown') {
    const late = await move(ctx, { ...base, request: current });
    if (late) return { request: late.request, events: [late.event] };
  }
  return { request: await reread(ctx, executing), events: [] };
}
