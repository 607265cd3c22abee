import type { ApprovalRequest } from '../store/approval-request.ts';
import { type EngineContext, move, reread, systemActor, utcText } from './engine-context.ts';
import { parseStoredPayload } from './kind-definition.ts';
import { executeRequest, type ExecutionReport } from './execute-request.ts';

/**
 * What happens once a request is approved: a change asked "at renewal" waits (`scheduled`, with a
 * `runAt` inside the 7 days after the next term starts) unless that window is open now; everything
 * else executes at once. Reading the window may fail; the request then stays `approved` and the
 * recovery pass tries again. The state and its work item move in one transaction.
 */
export async function proceedAfterApproval(ctx: EngineContext, request: ApprovalRequest): Promise<ExecutionReport> {
  const def = ctx.kinds.get(request.kind);
  if (!def || request.state !== 'approved') return { request, events: [] };
  if (!request.atRenewal || !def.checkWindow) return executeRequest(ctx, request);
  const payload = parseStoredPayload(def, request);
  const window = await def.checkWindow(payload, { pax8: ctx.pax8.get(request.account), now: ctx.clock.now() });
  if (window.ready) return executeRequest(ctx, request);
  if (window.runAt === undefined) {
    const failed = await move(ctx, { request, to: 'failed', actor: systemActor, reason: window.reason });
    return failed ? { request: failed.request, events: [failed.event] } : { request, events: [] };
  }
  const scheduled = await move(ctx, {
    request,
    to: 'scheduled',
    actor: systemActor,
    reason: `waits for the renewal window (${utcText(window.runAt)} to ${utcText(window.windowEnd)})`,
    patch: { runAt: window.runAt, windowEnd: window.windowEnd },
    executeAt: window.runAt,
  });
  if (!scheduled) return { request: await reread(ctx, request), events: [] };
  return { request: scheduled.request, events: [scheduled.event] };
}
