import { mayApprove, roleOf } from './approval-policy.ts';
import { alreadyDecided, type DecisionInput, type DecisionResult } from './decision-result.ts';
import { type Actor, type EngineContext, moveRequest } from './engine-context.ts';
import { proceedAfterApproval } from './proceed-after-approval.ts';
import { stepFacts } from './step-progress.ts';
import { stepsOf } from './step-definition.ts';

/**
 * Resume (DESIGN "Approval lifecycle"): an approver sends a multi-step request that stopped part-way
 * (`failed`) back to `approved`, audited, and it runs again at once — only the steps not done, each
 * planned from the state read now. A single-write request cannot be resumed: it is asked again.
 */
export async function resumeRequest(ctx: EngineContext, input: DecisionInput): Promise<DecisionResult> {
  const now = ctx.clock.now();
  const decided = await ctx.store.transaction(async (t): Promise<DecisionResult> => {
    const request = await t.requests.get(input.requestId, { forUpdate: true });
    if (!request) return { ok: false, reason: 'not_found' };
    const email = input.actor.email.trim().toLowerCase();
    if (!mayApprove(ctx.policy, email)) return { ok: false, reason: 'not_authorised', request };
    if (!ctx.kinds.get(request.kind)?.steps) return { ok: false, reason: 'not_resumable', request };
    if (request.state !== 'failed') return alreadyDecided(request);
    if (input.version !== undefined && input.version !== request.version) return { ok: false, reason: 'stale_version', request };
    const actor: Actor = { email, displayName: input.actor.displayName, role: roleOf(ctx.policy, email) ?? 'unknown', platform: input.actor.platform, channel: input.channel };
    const steps = stepsOf(request.result) ?? [];
    const reason = `resumed by ${input.actor.displayName?.trim() || email}: runs only the steps not done. ${stepFacts(steps)}`;
    const moved = await moveRequest(t, now, { request, to: 'approved', actor, reason });
    if (!moved) return alreadyDecided((await t.requests.get(request.id)) ?? request);
    return { ok: true, outcome: 'resumed', request: moved.request, events: [moved.event] };
  });
  if (!decided.ok) return decided;
  const after = await proceedAfterApproval(ctx, decided.request);
  return { ...decided, request: after.request, events: [...decided.events, ...after.events] };
}
