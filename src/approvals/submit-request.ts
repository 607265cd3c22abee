import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { approvalsNeeded, autoApproveFacts, matchAutoApproveRule, mayRequest } from './approval-policy.ts';
import type { SubmitInput, SubmitResult } from './decision-result.ts';
import { type EngineContext, moveRequest } from './engine-context.ts';
import type { KindCommon } from './kind-definition.ts';
import { proceedAfterApproval } from './proceed-after-approval.ts';

const dayMs = 86_400_000;

/**
 * Opens a request (`pending`), or returns the one already opened with this idempotency key (a
 * platform retry), or the requester's own identical request that is still open (`repeated`: the
 * same command typed again, most often because its answer never came — the bot restarted, the
 * network dropped it). Two identical open requests would be approved apart and executed twice.
 * Books its expiry and reminder, then applies auto-approval if a rule allows it.
 */
export async function submitRequest(ctx: EngineContext, input: SubmitInput): Promise<SubmitResult> {
  const def = ctx.kinds.get(input.kind);
  if (!def) return { ok: false, reason: 'unknown_kind', kind: input.kind };
  if (input.account !== undefined && !ctx.pax8.has(input.account)) return { ok: false, reason: 'unknown_account', account: input.account };
  const email = input.requester.email.trim().toLowerCase();
  if (!mayRequest(ctx.policy, email, def)) return { ok: false, reason: 'not_authorised' };
  const parsed = def.payloadSchema.safeParse(input.payload);
  if (!parsed.success) return { ok: false, reason: 'invalid_payload', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`) };
  const cost = Math.max(def.monthlyCostDelta(parsed.data), input.monthlyCostDelta ?? Number.NEGATIVE_INFINITY);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.policy.approvals.expiresAfter);

  const inserted = await ctx.store.transaction(async (t) => {
    const retried = input.idempotencyKey === undefined ? undefined : await t.requests.byKey(input.idempotencyKey);
    if (retried) return { created: false, repeated: false, request: retried };
    // One requester's submissions in turn, so two identical ones typed at once cannot both open.
    await t.requests.lockKey(`submit:${email}`);
    const twin = await t.requests.openTwin({ requesterEmail: email, kind: def.kind, account: input.account, payload: parsed.data });
    if (twin) return { created: false, repeated: true, request: twin };
    const result = await t.requests.insert({
      id: ctx.newId(),
      kind: def.kind,
      payload: parsed.data,
      preview: input.preview,
      summary: input.summary,
      requester: { ...input.requester, email },
      channel: input.channel,
      monthlyCostDelta: cost,
      approvalsNeeded: approvalsNeeded(ctx.policy, cost),
      idempotencyKey: input.idempotencyKey,
      atRenewal: input.atRenewal ?? false,
      account: input.account,
      now,
      expiresAt,
    });
    if (result.created) {
      await t.audit.append({
        requestId: result.request.id, at: now, action: 'submitted', actorEmail: email, role: 'requester',
        platform: input.requester.platform, channel: input.channel?.id, reason: input.summary, toState: 'pending',
      });
    }
    return { ...result, repeated: false };
  });
  if (!inserted.created) return { ok: true, outcome: inserted.repeated ? 'repeated' : 'existing', request: inserted.request, events: [] };

  const request = inserted.request;
  await ctx.store.work.put({ kind: 'expire', requestId: request.id, runAt: expiresAt });
  const remindAt = new Date(now.getTime() + ctx.policy.approvals.remindAfter);
  if (remindAt < expiresAt) await ctx.store.work.put({ kind: 'remind', requestId: request.id, runAt: remindAt });

  const events: ApprovalEvent[] = [{ type: 'submitted', request }];
  const auto = await tryAutoApprove(ctx, def, request, parsed.data);
  if (!auto) return { ok: true, outcome: 'created', request, events };
  events.push(auto.event);
  await ctx.store.work.closeFor(request.id, now, ['expire', 'remind']);
  const after = await proceedAfterApproval(ctx, auto.request);
  return { ok: true, outcome: 'auto_approved', request: after.request, events: [...events, ...after.events] };
}

/**
 * Auto-approval within a rule's bounds. The per-requester daily count and the approval happen in
 * one transaction under an advisory lock on the requester, so replicas cannot exceed the limit together.
 */
async function tryAutoApprove(ctx: EngineContext, def: KindCommon, request: ApprovalRequest, payload: unknown) {
  const rule = matchAutoApproveRule(ctx.policy, autoApproveFacts(def, payload, request.requester.email, request.monthlyCostDelta));
  if (!rule) return undefined;
  const now = ctx.clock.now();
  return ctx.store.transaction(async (t) => {
    await t.requests.lockKey(`auto-approve:${request.requester.email}`);
    const used = await t.requests.countAutoApprovedSince(request.requester.email, new Date(now.getTime() - dayMs));
    if (used >= rule.maxPerRequesterPerDay) return undefined;
    return moveRequest(t, now, {
      request,
      to: 'approved',
      actor: { email: 'auto-approve', role: 'policy' },
      reason: `auto-approved by the rule for ${rule.kinds.join(', ')}`,
      patch: { autoApproved: true, decidedBy: 'auto-approve', decidedAt: now },
    });
  });
}
