import { approvalPreviewSchema, type ApprovalPreview } from '../views/approval-previews.ts';
import type { ApprovalAction, ApprovalCard } from '../views/approval-views.ts';
import { wireIds } from '../wire-ids.ts';
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

/** The buttons a card shows: only while the request is pending, stamped with its version. */
function actionsFor(request: ApprovalRequest): ApprovalAction[] {
  if (request.state !== 'pending') return [];
  const v = wireIds.cardVerbs;
  const base = { requestId: request.id, version: request.version };
  return [
    { verb: v.approve, label: 'Approve', ...base },
    { verb: v.deny, label: 'Deny', ...base },
    { verb: v.cancelRequest, label: 'Cancel request', ...base },
  ];
}

/** What every card showing this request must look like now. */
export function approvalCard(request: ApprovalRequest, fallbackPreview: ApprovalPreview | null = null): ApprovalCard {
  const preview = previewOf(request.preview) ?? fallbackPreview;
  return {
    id: request.id,
    version: request.version,
    requestKind: request.kind,
    state: request.state,
    summary: request.summary,
    requester: { email: request.requester.email || null, displayName: request.requester.displayName || null },
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    decidedBy: request.decidedBy ?? null,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    approvedBy: [...request.approvedBy],
    approvalsNeeded: request.approvalsNeeded,
    reason: request.reason ?? null,
    runAt: request.runAt?.toISOString() ?? null,
    pax8Ids: [...request.pax8Ids],
    monthlyCostDelta: request.monthlyCostDelta,
    currency: preview?.currency ?? null,
    preview,
    actions: actionsFor(request),
  };
}
