import type { PayloadInput, PreviewOf, RequestKindName } from '../approvals/kinds/index.ts';
import type { View } from '../views/view.ts';
import { approvalCard } from './approval-card.ts';
import type { IntentRequest } from './intent-request.ts';
import type { IntentDeps } from './ports.ts';
import { errorView } from './view-helpers.ts';
import type { ApprovalRequest } from '../store/approval-request.ts';
import { dateTime } from '../views/format.ts';

/**
 * A request a handler opens. Its payload and preview types come from the kind's definition in
 * `src/approvals/kinds`, so a field the kind does not know, or a missing one, does not compile.
 */
export interface ApprovalDraft<K extends RequestKindName> {
  readonly kind: K;
  /** The Pax8 account of the company or subscription: the approved change is executed there. */
  readonly account: string;
  /** What the engine executes once approved (its kind's payload schema). */
  readonly payload: PayloadInput<K>;
  readonly preview: PreviewOf<K>;
  readonly summary: string;
  readonly monthlyCostDelta: number;
  readonly atRenewal: boolean;
}

/**
 * Opens an approval request through the engine; never calls a Pax8 write. The platform event id is
 * the idempotency key, so a Slack or Teams retry of the same command returns the same request.
 */
export async function openApproval<K extends RequestKindName>(r: IntentRequest, deps: IntentDeps, draft: ApprovalDraft<K>): Promise<View> {
  const email = r.actor.email;
  if (!email) return errorView('forbidden', 'Your chat account has no e-mail address, so the bot cannot tell whether you may ask for changes.', null);
  const result = await deps.approvals.submit({
    kind: draft.kind,
    account: draft.account,
    payload: draft.payload,
    preview: draft.preview,
    requester: { email, platform: r.actor.platform, userId: r.actor.userId, displayName: r.actor.displayName ?? email },
    channel: { platform: r.channel.platform, id: r.channel.id },
    summary: draft.summary,
    monthlyCostDelta: draft.monthlyCostDelta,
    idempotencyKey: `${r.actor.platform}:${r.eventId}`,
    atRenewal: draft.atRenewal,
  });
  if (result.ok && result.outcome === 'repeated') return { kind: 'approvalRequest', request: approvalCard(result.request), note: repeatedNote(result.request) };
  if (result.ok) return { kind: 'approvalRequest', request: approvalCard(result.request) };
  switch (result.reason) {
    case 'not_authorised':
      return errorView('forbidden', 'You are not allowed to request changes; ask an admin to add you to the requesters.', null);
    case 'invalid_payload':
      deps.log.error({ issues: result.issues, kind: draft.kind }, 'the approvals engine refused the payload the intent layer built');
      return errorView('internal', 'The request could not be opened because of a problem on our side; it has been logged.', null);
    case 'unknown_account':
      return errorView('bad_input', `The Pax8 account "${result.account}" is not configured; use one of the accounts in pax8.instances.`, null);
    case 'unknown_kind':
      deps.log.error({ kind: result.kind }, 'the approvals engine does not know this request kind');
      return errorView('internal', `Requests of kind "${result.kind}" are not enabled; it has been logged.`, null);
  }
}

/** Why the answer is an older request: the requester asked for exactly this before, and it is still open. */
function repeatedNote(request: ApprovalRequest): string {
  const still = request.state === 'pending' ? 'it is still waiting for approval' : 'it is approved and not finished yet';
  return `You asked for exactly this on ${dateTime(request.createdAt.toISOString())} and ${still}, so nothing new was opened: this is that request. To have the same change made a second time, ask again once this one is done.`;
}
