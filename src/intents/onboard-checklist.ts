import { stepsOf } from '../approvals/index.ts';
import { onboardKind } from '../approvals/kinds/index.ts';
import type { ApprovalRequest } from '../store/approval-request.ts';
import type { OnboardChecklistView } from '../views/index.ts';

/**
 * The checklist of an onboarding request without a linked tenant once it has run (its `by-hand`
 * step done): what the technician does by hand, with the exact values. Undefined for any other
 * request, or one that has not got that far.
 */
export function onboardChecklist(request: ApprovalRequest): OnboardChecklistView | undefined {
  if (request.kind !== onboardKind.kind || request.state !== 'succeeded') return undefined;
  const steps = stepsOf(request.result) ?? [];
  if (!steps.some((s) => s.id === 'by-hand' && s.state === 'done')) return undefined;
  const parsed = onboardKind.payloadSchema.safeParse(request.payload);
  if (!parsed.success || parsed.data.tenantId !== null) return undefined;
  const p = parsed.data;
  const seat = steps.find((s) => s.id === 'seat');
  const { firstName, lastName, displayName, userPrincipalName, mailNickname, usageLocation } = p.user;
  return {
    kind: 'onboardChecklist',
    requestId: request.id,
    company: { id: p.companyId, name: p.companyName ?? p.companyId },
    user: { firstName, lastName, displayName, userPrincipalName, mailNickname, usageLocation },
    licence: { name: p.sku.name },
    seat: seat?.result?.bought === true ? `a seat was bought at Pax8 (${seat.summary ?? 'see the request'})` : 'none bought: you said a seat is free',
    manager: p.manager ? { name: p.manager.name } : null,
    startDate: p.startDate,
  };
}
