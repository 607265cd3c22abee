import type { ApprovalResultView } from '../../views/approval-views.ts';
import type { View } from '../../views/view.ts';
import { personName } from '../../store/index.ts';
import { approvalCard } from '../approval-card.ts';
import type { DecisionResult } from '../approvals-port.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import type { IntentDeps } from '../ports.ts';
import { errorView } from '../view-helpers.ts';

type DecisionRequest = IntentOf<'approve'> | IntentOf<'deny'> | IntentOf<'cancelRequest'> | IntentOf<'withdraw'> | IntentOf<'resume'> | IntentOf<'newPassword'>;

const refusals: Record<Exclude<DecisionResult, { ok: true }>['reason'], string> = {
  not_found: 'That request does not exist (any more).',
  not_authorised: 'You are not allowed to decide on this request; approvers and admins are listed in the configuration, and a requester may cancel or withdraw their own.',
  requester_only: 'Only the requester or an admin can cancel this request; an approver can deny it instead, or withdraw it once it is scheduled.',
  self_approval_forbidden: 'You cannot approve your own request; another approver must.',
  same_approver_twice: 'You have already voted on this request; a second approval must come from someone else.',
  reason_required: 'Type a reason before you deny: the requester and the audit log see it.',
  expired: 'This request expired before anyone decided; ask again if it is still needed.',
  stale_version: 'This card is out of date; it has been refreshed, please look again before deciding.',
  already_decided: 'This request was already decided.',
  not_resumable: 'Only a request with several steps can be resumed; ask for this change again instead.',
  partly_done: 'Some steps of this request are done already, so it cannot be withdrawn; an approver can let it finish.',
  requester_or_approver_only: 'Only the requester or an approver can have a new password sent for this user; nothing was changed.',
  no_password_to_send: 'This request has no user whose password is unknown (a new one was sent already, or is being sent); nothing was changed.',
  still_running: 'This request is still running its steps; ask for a new password once it has finished. Nothing was changed.',
  password_not_sent: 'No new password was sent.',
};

const outcomes = { approved: 'approved', denied: 'denied', cancelled: 'cancelled', withdrawn: 'withdrawn', resumed: 'resumed', password_sent: 'password_sent', needs_second_approver: 'awaiting_second_approver' } as const;

/** An engine decision as the view every card of the request must now show, plus a line for the clicker. */
export function decisionView(result: DecisionResult): ApprovalResultView {
  if (!result.ok) {
    const request = 'request' in result && result.request ? approvalCard(result.request) : null;
    const by = result.reason === 'already_decided' ? ` It is ${result.state}${result.by ? ` (by ${personName(result.request, result.by)})` : ''}.` : '';
    const detail = result.reason === 'password_not_sent' ? ` ${result.detail}` : '';
    return { kind: 'approvalResult', outcome: 'refused', message: `${refusals[result.reason]}${by}${detail}`, request };
  }
  const card = approvalCard(result.request);
  const state = result.request.state;
  const message =
    result.outcome === 'needs_second_approver'
      ? 'Your approval is recorded; this request needs a second approver.'
      : result.outcome === 'approved'
        ? `Approved. The request is now ${state}${state === 'scheduled' && result.request.runAt ? ` (runs ${result.request.runAt.toISOString().slice(0, 10)})` : ''}.`
        : result.outcome === 'withdrawn'
          ? 'Withdrawn: the scheduled change will not run, and nothing was sent to Pax8.'
          : result.outcome === 'resumed'
            ? `Resumed: only the steps not done ran. The request is now ${state}.`
            : result.outcome === 'password_sent'
              ? `A new temporary password was set and sent privately to ${personName(result.request, result.request.requester.email)}; it is shown nowhere else.`
              : `The request was ${result.outcome}.`;
  return { kind: 'approvalResult', outcome: outcomes[result.outcome], message, request: card };
}

/**
 * Said when the clicker's identity was not asked of Slack or Teams for this click, or could not be:
 * the e-mail the bot remembers may belong to a role taken away since, so nothing is decided on it.
 */
export const unconfirmedIdentityMessage = 'The bot could not confirm who you are with the chat service just now, so nothing was changed. Please try again in a moment.';

async function decide(r: DecisionRequest, deps: IntentDeps): Promise<View> {
  if (r.actor.identity !== 'fresh') return { kind: 'approvalResult', outcome: 'refused', message: unconfirmedIdentityMessage, request: null };
  const email = r.actor.email;
  if (!email) return errorView('forbidden', 'Your chat account has no e-mail address, so the bot cannot check whether you may decide.', null);
  const input = {
    requestId: r.requestId,
    actor: { email, platform: r.actor.platform, userId: r.actor.userId, ...(r.actor.displayName ? { displayName: r.actor.displayName } : {}) },
    channel: { platform: r.channel.platform, id: r.channel.id },
    ...(r.version === null ? {} : { version: r.version }),
  };
  switch (r.kind) {
    case 'approve':
      return decisionView(await deps.approvals.approve(input));
    case 'deny':
      return decisionView(await deps.approvals.deny({ ...input, reason: r.reason ?? '' }));
    case 'cancelRequest':
      return decisionView(await deps.approvals.cancel({ ...input, ...(r.reason ? { reason: r.reason } : {}) }));
    case 'withdraw':
      return decisionView(await deps.approvals.withdraw({ ...input, ...(r.reason ? { reason: r.reason } : {}) }));
    case 'resume':
      return decisionView(await deps.approvals.resume(input));
    case 'newPassword':
      return decisionView(await deps.approvals.newPassword(input));
  }
}

const ack = () => 'Recording your decision...';

/** Approve / deny / cancel from a card: the engine decides; the answer is the card's new look. */
export const approveHandler: Handler<IntentOf<'approve'>> = { ack, run: decide };
export const denyHandler: Handler<IntentOf<'deny'>> = { ack, run: decide };
export const cancelRequestHandler: Handler<IntentOf<'cancelRequest'>> = { ack, run: decide };
export const withdrawHandler: Handler<IntentOf<'withdraw'>> = { ack, run: decide };
export const resumeHandler: Handler<IntentOf<'resume'>> = { ack, run: decide };
export const newPasswordHandler: Handler<IntentOf<'newPassword'>> = { ack: () => 'Asking Microsoft for a new password...', run: decide };
