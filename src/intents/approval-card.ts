import { z } from 'zod';
import { approvalPreviewSchema, type ApprovalPreview } from '../approvals/kinds/index.ts';
import type { ApprovalAction, ApprovalCard } from '../views/approval-views.ts';
import { dateTime } from '../views/format.ts';
import { wireIds } from '../wire-ids.ts';
import { anyStepDone, stepsOf, stepWithoutPassword } from '../approvals/index.ts';
import { personName } from '../store/index.ts';
import type { ApprovalRequest } from './approvals-port.ts';

/**
 * The preview the request was opened with (stored beside its payload). Parsed, not trusted: a
 * request written by an older version (or without one) gives `null` and the card falls back to the
 * summary line.
 */
export function previewOf(stored: unknown): ApprovalPreview | null {
  if (stored === undefined || stored === null) return null;
  const parsed = approvalPreviewSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * The buttons a card shows, stamped with the request's version: Approve, Deny and Cancel while it
 * is pending; Withdraw while a change waits for its renewal window (until it starts). A list row's
 * Approve and Deny are these very actions (`row-actions.ts`).
 */
export function approvalActions(request: ApprovalRequest): ApprovalAction[] {
  const v = wireIds.cardVerbs;
  const base = { requestId: request.id, version: request.version };
  const steps = stepsOf(request.result);
  // A user whose temporary password nobody knows (found by reading): the requester or an approver has a new one sent.
  const password = (request.state === 'succeeded' || request.state === 'failed') && stepWithoutPassword(request.result) ? [{ verb: v.newPassword, label: 'New password', ...base }] : [];
  // A multi-step request that stopped part-way runs the rest on Resume; one waiting after a done step cannot be withdrawn.
  if (request.state === 'failed' && steps) return [{ verb: v.resume, label: 'Resume', ...base }, ...password];
  if (password.length > 0) return password;
  if (request.state === 'scheduled') return anyStepDone(request.result) ? [] : [{ verb: v.withdraw, label: 'Withdraw', ...base }];
  if (request.state !== 'pending') return [];
  return [
    { verb: v.approve, label: 'Approve', ...base },
    { verb: v.deny, label: 'Deny', ...base },
    { verb: v.cancelRequest, label: 'Cancel request', ...base },
  ];
}

/** What the engine records of a change that ran (see `executeRequest` and the kinds' follow-ups). */
const recordedResultSchema = z.looseObject({
  summary: z.string().optional(),
  ranAt: z.string().optional(),
  provisioning: z.enum(['provisioning', 'active', 'failed']).optional(),
  /** Every subscription the order made carries Microsoft's commerce subscription id. */
  atMicrosoft: z.boolean().optional(),
  orderStatus: z.string().nullable().optional(),
  orderId: z.string().nullable().optional(),
  subscriptionIds: z.array(z.string()).optional(),
});

/** What the Pax8 ids a change left are: the order and subscriptions a buy created, the subscription a change touched. */
function recordsOf(request: ApprovalRequest): { label: string; id: string }[] {
  const parsed = recordedResultSchema.safeParse(request.result);
  const named = new Map<string, string>();
  if (parsed.success) {
    if (parsed.data.orderId) named.set(parsed.data.orderId, 'Pax8 order');
    for (const id of parsed.data.subscriptionIds ?? []) named.set(id, 'Subscription');
  }
  return request.pax8Ids.map((id) => ({ id, label: named.get(id) ?? (request.kind === 'buy' ? 'Pax8 record' : 'Subscription') }));
}

const provisioningText = { provisioning: 'Pax8 is still provisioning it', active: 'active in Pax8', failed: 'Pax8 reports the order failed' } as const;

/** "14 → 13 seats, ran 2026-12-02 10:00 UTC; active in Pax8", from what the request recorded. */
export function outcomeText(result: unknown): string | null {
  const parsed = recordedResultSchema.safeParse(result);
  if (!parsed.success) return null;
  const r = parsed.data;
  const ran = r.summary ? `${r.summary}${r.ranAt ? `, ran ${dateTime(r.ranAt)}` : ''}` : null;
  const status = r.provisioning ? `${provisioningText[r.provisioning]}${r.provisioning === 'active' && r.atMicrosoft ? ', provisioned at Microsoft' : ''}` : r.orderStatus ? `order ${r.orderStatus}` : null;
  const text = [ran, status].filter((s): s is string => s !== null).join('; ');
  return text === '' ? null : text;
}

/** What every card showing this request must look like now. */
export function approvalCard(request: ApprovalRequest): ApprovalCard {
  const preview = previewOf(request.preview);
  return {
    id: request.id,
    version: request.version,
    requestKind: request.kind,
    state: request.state,
    summary: request.summary,
    requester: { email: request.requester.email || null, displayName: personName(request, request.requester.email) },
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    decidedBy: request.decidedBy ? personName(request, request.decidedBy) : null,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    approvedBy: request.approvedBy.map((email) => personName(request, email)),
    approvalsNeeded: request.approvalsNeeded,
    reason: request.reason ?? null,
    runAt: request.runAt?.toISOString() ?? null,
    pax8Ids: [...request.pax8Ids],
    records: recordsOf(request),
    outcome: outcomeText(request.result),
    monthlyCostDelta: request.monthlyCostDelta,
    currency: preview?.currency ?? null,
    preview,
    steps: (stepsOf(request.result) ?? []).map((s) => ({ title: s.title, state: s.state, summary: s.summary })),
    actions: approvalActions(request),
  };
}
