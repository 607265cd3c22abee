import { type ApprovalRequest, peopleEntry } from '../store/approval-request.ts';
import type { StoreTables } from '../store/open-store.ts';
import { approvalsNeeded, mayApprove, roleOf } from './approval-policy.ts';
import { alreadyDecided, type DecisionInput, type DecisionRefusal, type DecisionResult } from './decision-result.ts';
import { type Actor, type EngineContext, moveRequest, systemActor } from './engine-context.ts';
import { proceedAfterApproval } from './proceed-after-approval.ts';
import { anyStepDone } from './step-progress.ts';

type Checked = { ok: true; request: ApprovalRequest; actor: Actor } | DecisionRefusal;

/**
 * The checks every approver decision shares, run on the locked row: it exists, is still pending,
 * has not expired (expiring it now if it has), the card was not stale, the clicker may approve.
 */
async function checkDecision(ctx: EngineContext, t: StoreTables, input: DecisionInput, now: Date): Promise<Checked> {
  const request = await t.requests.get(input.requestId, { forUpdate: true });
  if (!request) return { ok: false, reason: 'not_found' };
  if (request.state !== 'pending') return alreadyDecided(request);
  if (now >= request.expiresAt) {
    const expired = await moveRequest(t, now, { request, to: 'expired', actor: systemActor, reason: 'no decision before the deadline' });
    return { ok: false, reason: 'expired', request: expired?.request ?? request, events: expired ? [expired.event] : [] };
  }
  if (input.version !== undefined && input.version !== request.version) return { ok: false, reason: 'stale_version', request };
  const email = input.actor.email.trim().toLowerCase();
  if (!mayApprove(ctx.policy, email)) return { ok: false, reason: 'not_authorised', request };
  const actor: Actor = { email, displayName: input.actor.displayName, role: roleOf(ctx.policy, email) ?? 'unknown', platform: input.actor.platform, channel: input.channel };
  return { ok: true, request, actor };
}

/**
 * Approve: one vote per person; the requester may not approve their own request unless the policy
 * allows it; above `secondApproverAbove` two distinct approvers are needed. The vote, the approvals
 * recorded on the row (`approvedBy`, `approvalsNeeded`, what the cards show) and the state change
 * happen in one transaction on the locked row, so of fifty simultaneous clicks exactly one approves. The approved write then runs (once) before this returns.
 */
export async function approveRequest(ctx: EngineContext, input: DecisionInput): Promise<DecisionResult> {
  const now = ctx.clock.now();
  const decided = await ctx.store.transaction(async (t): Promise<DecisionResult> => {
    const checked = await checkDecision(ctx, t, input, now);
    if (!checked.ok) return checked;
    const { request, actor } = checked;
    if (actor.email === request.requester.email && !ctx.policy.approvals.selfApproval) return { ok: false, reason: 'self_approval_forbidden', request };
    const voted = await t.votes.add({ requestId: request.id, voterEmail: actor.email, decision: 'approve', role: actor.role, platform: actor.platform, at: now });
    if (!voted) return { ok: false, reason: 'same_approver_twice', request };
    const approvedBy = (await t.votes.forRequest(request.id)).filter((v) => v.decision === 'approve').map((v) => v.voterEmail);
    const needed = approvalsNeeded(ctx.policy, request.monthlyCostDelta);
    // On the row, for every copy of the card; the version stays, so nobody's card goes stale by this vote.
    const counted = await t.requests.recordApprovals({ id: request.id, approvedBy, approvalsNeeded: needed, now, people: peopleEntry(actor) });
    if (!counted) return alreadyDecided((await t.requests.get(request.id)) ?? request);
    const missing = needed - approvedBy.length;
    if (missing > 0) {
      await t.audit.append({
        requestId: request.id, at: now, action: 'vote', actorEmail: actor.email, role: actor.role, platform: actor.platform,
        channel: actor.channel?.id, reason: `approved; ${missing} more approval(s) needed`, fromState: 'pending', toState: 'pending',
      });
      return { ok: true, outcome: 'needs_second_approver', request: counted, events: [{ type: 'vote', request: counted, voter: actor.email, approvalsMissing: missing }] };
    }
    const moved = await moveRequest(t, now, { request: counted, to: 'approved', actor, patch: { decidedBy: actor.email, decidedAt: now } });
    if (!moved) return alreadyDecided((await t.requests.get(request.id)) ?? request);
    await t.work.closeFor(request.id, now, ['expire', 'remind']);
    return { ok: true, outcome: 'approved', request: moved.request, events: [moved.event] };
  });
  if (!decided.ok || decided.outcome !== 'approved') return decided;
  const after = await proceedAfterApproval(ctx, decided.request);
  return { ...decided, request: after.request, events: [...decided.events, ...after.events] };
}

/** Deny, with a reason: any approver or admin, one vote each. */
export async function denyRequest(ctx: EngineContext, input: DecisionInput & { readonly reason: string }): Promise<DecisionResult> {
  const now = ctx.clock.now();
  const decided = await ctx.store.transaction(async (t): Promise<DecisionResult> => {
    const checked = await checkDecision(ctx, t, input, now);
    if (!checked.ok) return checked;
    const { request, actor } = checked;
    // Checked after the policy, so that someone who may not decide is told that, not asked for a reason.
    if (input.reason.trim() === '') return { ok: false, reason: 'reason_required', request };
    const voted = await t.votes.add({ requestId: request.id, voterEmail: actor.email, decision: 'deny', role: actor.role, platform: actor.platform, reason: input.reason, at: now });
    if (!voted) return { ok: false, reason: 'same_approver_twice', request };
    const moved = await moveRequest(t, now, { request, to: 'denied', actor, reason: input.reason, patch: { decidedBy: actor.email, decidedAt: now } });
    if (!moved) return alreadyDecided((await t.requests.get(request.id)) ?? request);
    await t.work.closeFor(request.id, now);
    return { ok: true, outcome: 'denied', request: moved.request, events: [moved.event] };
  });
  return decided;
}

/**
 * Cancel or withdraw: nothing has been sent in either state. A pending request may be cancelled by
 * its requester or an admin; a scheduled change (approved, waiting for its renewal window) may be
 * withdrawn until it starts by its requester, an approver or an admin. `only` narrows the states a
 * button accepts (Withdraw acts on scheduled requests only).
 */
export async function cancelRequest(
  ctx: EngineContext,
  input: DecisionInput & { readonly reason?: string },
  only: readonly ('pending' | 'scheduled')[] = ['pending', 'scheduled'],
): Promise<DecisionResult> {
  const now = ctx.clock.now();
  const decided = await ctx.store.transaction(async (t): Promise<DecisionResult> => {
    const request = await t.requests.get(input.requestId, { forUpdate: true });
    if (!request) return { ok: false, reason: 'not_found' };
    const email = input.actor.email.trim().toLowerCase();
    const role = roleOf(ctx.policy, email);
    const isRequester = email === request.requester.email;
    const scheduled = request.state === 'scheduled';
    const allowed = isRequester || role === 'admin' || (scheduled && mayApprove(ctx.policy, email));
    if (!allowed) return { ok: false, reason: 'requester_only', request };
    if (!(only as readonly string[]).includes(request.state)) return alreadyDecided(request);
    // A multi-step request waiting between steps has done something already: withdrawing would hide it.
    if (scheduled && anyStepDone(request.result)) return { ok: false, reason: 'partly_done', request };
    const actor: Actor = { email, displayName: input.actor.displayName, role: isRequester ? 'requester' : (role ?? 'unknown'), platform: input.actor.platform, channel: input.channel };
    const reason = input.reason ?? (scheduled ? `withdrawn by ${input.actor.displayName?.trim() || email} before it ran` : 'cancelled by the requester');
    const moved = await moveRequest(t, now, { request, to: 'cancelled', actor, reason, patch: { decidedBy: email, decidedAt: now } });
    if (!moved) return alreadyDecided((await t.requests.get(request.id)) ?? request);
    await t.work.closeFor(request.id, now);
    return { ok: true, outcome: scheduled ? 'withdrawn' : 'cancelled', request: moved.request, events: [moved.event] };
  });
  return decided;
}
