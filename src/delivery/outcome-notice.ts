import { requestKinds } from '../approvals/kinds/index.ts';
import { type ApprovalRequest, personName, type RequestState } from '../store/approval-request.ts';
import type { NoticeView } from '../views/index.ts';
import { dateTime } from '../views/format.ts';

const outcomes: Partial<Record<RequestState, { tone: NoticeView['tone']; says: string }>> = {
  succeeded: { tone: 'success', says: 'was approved and Pax8 has done it' },
  failed: { tone: 'warning', says: 'was approved, but it was not done' },
  unknown: { tone: 'warning', says: 'was approved; Pax8 did not answer clearly, so the bot is checking its records to see whether it went through' },
  scheduled: { tone: 'info', says: 'was approved and waits for its turn in Pax8 (the renewal window, or another try)' },
  denied: { tone: 'warning', says: 'was denied' },
  expired: { tone: 'warning', says: 'expired before anyone decided' },
  cancelled: { tone: 'info', says: 'was cancelled' },
};

/** A request of several steps (onboarding, offboarding) is not all at Pax8: said without naming it. */
const steppedOutcomes: Partial<Record<RequestState, string>> = {
  succeeded: 'was approved and every step is done',
  scheduled: 'was approved and waits for its next step',
};

function isStepped(request: ApprovalRequest): boolean {
  return requestKinds.some((k) => k.kind === request.kind && k.steps !== undefined);
}

/**
 * What the requester is told when their request reaches a state worth telling, or `undefined`
 * (intermediate states, a state that did not change, and a cancellation they made themselves).
 */
export function outcomeNotice(request: ApprovalRequest, from: RequestState, to: RequestState, actor: string): NoticeView | undefined {
  const outcome = outcomes[to];
  // A note on the card (an unknown outcome still being checked, a change waiting its turn) is not news.
  if (!outcome || from === to) return undefined;
  if (to === 'cancelled' && actor.toLowerCase() === request.requester.email.toLowerCase()) return undefined;
  const says = (isStepped(request) ? steppedOutcomes[to] : undefined) ?? outcome.says;
  const by = to === 'denied' || to === 'cancelled' ? ` by ${personName(request, actor)}` : '';
  // For a done change the reason is what it did ("14 → 13 seats"); otherwise why it ended so.
  const reason = request.reason ? (to === 'succeeded' ? ` (${request.reason})` : ` Reason: ${request.reason}`) : '';
  return { kind: 'notice', tone: outcome.tone, title: `Request ${to}`, message: to === 'succeeded' ? `Your request "${request.summary}" ${says}${reason}.` : `Your request "${request.summary}" ${says}${by}.${reason}` };
}

/** The nudge posted in the approvals channel when a request has waited `remindAfter`. */
export function reminderNotice(request: ApprovalRequest): NoticeView {
  return {
    kind: 'notice',
    tone: 'info',
    title: 'Waiting for approval',
    message: `"${request.summary}" from ${personName(request, request.requester.email)} is still waiting for a decision; it expires ${dateTime(request.expiresAt.toISOString())}.`,
  };
}

/**
 * Told privately to a requester whose request was stored but never shown anywhere (the bot stopped
 * between the two): it is open, and its card is now in the approvals channel.
 */
export function lateAnswerNotice(request: ApprovalRequest): NoticeView {
  return {
    kind: 'notice',
    tone: 'info',
    title: 'Your request is open',
    message: `The bot restarted before it could answer you: your request "${request.summary}" (Request ${request.id}) was opened on ${dateTime(request.createdAt.toISOString())} and is open. Its card is now in the approvals channel; \`requests mine\` lists it. There is no need to ask again.`,
  };
}
