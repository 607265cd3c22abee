import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { type EngineContext, moveRequest, systemActor } from './engine-context.ts';
import { proceedAfterApproval } from './proceed-after-approval.ts';

/** A request a step of a multi-step request opens (a seat release of an offboarding). */
export interface ChildRequestInput {
  readonly kind: string;
  readonly payload: unknown;
  readonly summary: string;
  /** Names the child once: the parent's id and what it is about (`offboard:<id>:release:<subscription>`). */
  readonly idempotencyKey: string;
  readonly monthlyCostDelta: number;
  readonly atRenewal: boolean;
}

/**
 * A step's view of the requests its request opens: find one by key, open one (read-only contexts
 * may not open). What opening caused (the child's `submitted`, its approval, its run or schedule)
 * goes to `events`, emitted with the parent's, so the child gets its own card when it is opened.
 */
export function childRequests(ctx: EngineContext, parent: ApprovalRequest, options: { readonly mayOpen: boolean; readonly events?: ApprovalEvent[] }) {
  return {
    childRequest: (key: string) => ctx.store.requests.byKey(key),
    async openChildRequest(input: ChildRequestInput): Promise<ApprovalRequest> {
      if (!options.mayOpen) throw new ChildRequestError('a resolver only reads: it cannot open a request');
      const opened = await openChildRequest(ctx, parent, input);
      options.events?.push(...opened.events);
      return opened.request;
    },
  };
}

/** A child request that could not be opened: its payload does not parse (a fault of the parent kind). */
export class ChildRequestError extends Error {}

/**
 * Opens a request of another kind on behalf of an approved parent, already approved with it (the
 * parent's approvers decided for both; audited "approved with <kind> request <id>"), in one
 * transaction, so no crash leaves it pending. Idempotent on the key: a step run again, resumed or
 * recovered finds the one it opened. Then the engine takes it as any approved request: it executes
 * now, or waits `scheduled` for its window, which survives restarts and runs once.
 */
export async function openChildRequest(ctx: EngineContext, parent: ApprovalRequest, input: ChildRequestInput): Promise<{ request: ApprovalRequest; events: ApprovalEvent[] }> {
  const def = ctx.kinds.get(input.kind);
  const parsed = def?.payloadSchema.safeParse(input.payload);
  if (!def || !parsed?.success) throw new ChildRequestError(`request ${parent.id} could not open a "${input.kind}" request: its payload does not parse`);
  const now = ctx.clock.now();
  const opened = await ctx.store.transaction(async (t): Promise<{ request: ApprovalRequest; events: ApprovalEvent[] }> => {
    const inserted = await t.requests.insert({
      id: ctx.newId(),
      kind: def.kind,
      payload: parsed.data,
      summary: input.summary,
      requester: parent.requester,
      channel: parent.channel,
      monthlyCostDelta: input.monthlyCostDelta,
      approvalsNeeded: 1,
      idempotencyKey: input.idempotencyKey,
      atRenewal: input.atRenewal,
      account: parent.account,
      now,
      expiresAt: now,
    });
    if (!inserted.created) return { request: inserted.request, events: [] };
    const reason = `approved with ${parent.kind} request ${parent.id}`;
    await t.audit.append({ requestId: inserted.request.id, at: now, action: 'submitted', actorEmail: parent.requester.email, role: 'requester', reason: `${input.summary} (opened by ${parent.kind} request ${parent.id})`, toState: 'pending' });
    const moved = await moveRequest(t, now, {
      request: inserted.request,
      to: 'approved',
      actor: { ...systemActor, role: 'policy' },
      reason,
      patch: { decidedBy: parent.decidedBy ?? 'system', decidedAt: now },
    });
    if (!moved) throw new ChildRequestError(`the "${input.kind}" request opened by ${parent.id} could not be approved`);
    const events: ApprovalEvent[] = [{ type: 'submitted', request: inserted.request }, moved.event];
    return { request: moved.request, events };
  });
  if (opened.request.state !== 'approved') return opened;
  const after = await proceedAfterApproval(ctx, opened.request);
  return { request: after.request, events: [...opened.events, ...after.events] };
}
