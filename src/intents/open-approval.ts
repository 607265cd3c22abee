import type { ApprovalPreview } from '../views/approval-previews.ts';
import type { View } from '../views/view.ts';
import { approvalCard } from './approval-card.ts';
import type { IntentRequest } from './intent-request.ts';
import type { IntentDeps } from './ports.ts';
import { errorView } from './view-helpers.ts';

export interface ApprovalDraft {
  readonly kind: 'buy' | 'seats' | 'cancel';
  /** What the engine executes once approved (its kind's payload schema). */
  readonly payload: Record<string, unknown>;
  readonly preview: ApprovalPreview;
  readonly summary: string;
  readonly monthlyCostDelta: number;
  readonly atRenewal: boolean;
}

/**
 * Opens an approval request through the engine; never calls a Pax8 write. The platform event id is
 * the idempotency key, so a Slack or Teams retry of the same command returns the same request.
 */
export async function openApproval(r: IntentRequest, deps: IntentDeps, draft: ApprovalDraft): Promise<View> {
  const email = r.actor.email;
  if (!email) return errorView('forbidden', 'Your chat account has no e-mail address, so the bot cannot tell whether you may ask for changes.', null);
  const result = await deps.approvals.submit({
    kind: draft.kind,
    payload: draft.payload,
    preview: draft.preview,
    requester: { email, platform: r.actor.platform, userId: r.actor.userId, displayName: r.actor.displayName ?? email },
    channel: { platform: r.channel.platform, id: r.channel.id },
    summary: draft.summary,
    monthlyCostDelta: draft.monthlyCostDelta,
    idempotencyKey: `${r.actor.platform}:${r.eventId}`,
    atRenewal: draft.atRenewal,
  });
  if (result.ok) return { kind: 'approvalRequest', request: approvalCard(result.request, draft.preview) };
  switch (result.reason) {
    case 'not_authorised':
      return errorView('forbidden', 'You are not allowed to request changes; ask an admin to add you to the requesters.', null);
    case 'invalid_payload':
      deps.log.error({ issues: result.issues, kind: draft.kind }, 'the approvals engine refused the payload the intent layer built');
      return errorView('internal', 'The request could not be opened because of a problem on our side; it has been logged.', null);
    case 'unknown_kind':
      deps.log.error({ kind: result.kind }, 'the approvals engine does not know this request kind');
      return errorView('internal', `Requests of kind "${result.kind}" are not enabled; it has been logged.`, null);
  }
}
