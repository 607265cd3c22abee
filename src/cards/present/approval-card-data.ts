/**
 * Card data of one approval request for one viewer. Buttons appear only while the request is
 * pending, and only those the viewer may use: Approve and Deny for someone who may decide, Cancel
 * for the requester. Each button carries `{ verb, requestId, version }` and nothing else, so a click
 * can only name the request; the facts to act on are read again from the store.
 */
import type { CardViewer } from '../../approvals/approval-policy.ts';
import type { ApprovalCard, ApprovalState } from '../../views/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { previewFacts } from '../../approvals/kinds/index.ts';
import { type FactData, dateTime, knownFacts, moneyDelta, text } from '../../views/format.ts';

/** Who is looking at the card; decided by the role policy (`cardViewer`) from roles and the request. */
export type Viewer = CardViewer;

/** Nobody: the read-only card posted for everyone (Teams refreshes it per approver). */
export const readOnlyViewer: Viewer = { canDecide: false, isRequester: false };

export interface ApprovalButtonData {
  title: string;
  style: 'positive' | 'destructive' | 'default';
  verb: string;
  data: { verb: string; requestId: string; version: number };
}

export interface ApprovalCardData {
  title: string;
  state: { label: string; color: 'good' | 'attention' | 'warning' | 'accent' | 'default' };
  requestLine: string;
  facts: FactData[];
  commitment: string;
  hasDryRun: boolean;
  dryRun: { ok: boolean; text: string };
  warnings: string[];
  hasWarnings: boolean;
  canAct: boolean;
  canDeny: boolean;
  buttons: ApprovalButtonData[];
}

const stateLabels: Record<ApprovalState, ApprovalCardData['state']> = {
  pending: { label: 'Waiting for approval', color: 'warning' },
  approved: { label: 'Approved', color: 'good' },
  scheduled: { label: 'Approved, scheduled', color: 'accent' },
  executing: { label: 'Sending to Pax8', color: 'accent' },
  succeeded: { label: 'Done in Pax8', color: 'good' },
  failed: { label: 'Not done', color: 'attention' },
  unknown: { label: 'Outcome unknown, checking Pax8', color: 'attention' },
  denied: { label: 'Denied', color: 'attention' },
  expired: { label: 'Expired', color: 'default' },
  cancelled: { label: 'Cancelled', color: 'default' },
};

/** What an approval card says of a request in `state` (a request of one write; stepped ones say more). */
export function approvalStateLabel(state: ApprovalState): string {
  return stateLabels[state].label;
}

/** How each approval button looks, on the card and on a list row alike. */
export const approvalButtonStyles = { approve: 'positive', deny: 'destructive', cancel_request: 'default', withdraw: 'destructive', resume: 'positive', new_password: 'default' } as const;

/** The state in which each button means something: deciding while pending, withdrawing while scheduled. */
function appliesIn(verb: string, state: ApprovalState): boolean {
  if (verb === wireIds.cardVerbs.resume) return state === 'failed';
  if (verb === wireIds.cardVerbs.newPassword) return state === 'succeeded' || state === 'failed';
  return verb === wireIds.cardVerbs.withdraw ? state === 'scheduled' : state === 'pending';
}

function mayUse(verb: string, viewer: Viewer): boolean {
  if (verb === wireIds.cardVerbs.cancelRequest) return viewer.isRequester;
  // A scheduled change may be withdrawn by whoever asked for it and by anyone who may decide.
  if (verb === wireIds.cardVerbs.withdraw) return viewer.isRequester || viewer.canDecide;
  // A new password goes to the requester; they or an approver may ask for it.
  if (verb === wireIds.cardVerbs.newPassword) return viewer.isRequester || viewer.canDecide;
  return viewer.canDecide;
}

/** The reason of a denial or cancellation, and what Pax8 did (or said) once the change was sent. */
function outcomeFacts(request: ApprovalCard): FactData[] {
  const facts: FactData[] = [];
  if (request.reason && (request.state === 'denied' || request.state === 'cancelled' || request.state === 'expired')) facts.push({ title: 'Reason', value: request.reason });
  if (request.state === 'succeeded') {
    facts.push({ title: 'Pax8 result', value: request.outcome ?? 'Done' });
    // Each id says what it is: "Pax8 order: …", "Subscriptions: …, …".
    const labels = [...new Set(request.records.map((r) => r.label))];
    for (const label of labels) {
      const ids = request.records.filter((r) => r.label === label).map((r) => r.id);
      facts.push({ title: ids.length > 1 ? `${label}s` : label, value: ids.join(', ') });
    }
  }
  if (request.state === 'failed' || request.state === 'unknown') facts.push({ title: request.steps.length > 0 ? 'Result' : 'Pax8 result', value: text(request.reason) });
  if (request.state === 'scheduled') facts.push({ title: 'Runs', value: `${dateTime(request.runAt)}${request.reason ? ` (${request.reason})` : ''}` });
  return facts;
}

const stepMarks = { done: '✓ done', waiting: '… waiting', failed: '✗ stopped', unknown: '? checking', pending: '○ not done yet' } as const;

/** A multi-step request's steps, one fact each: "Step 2 · Wait for Microsoft" → "… waiting: waiting for Microsoft". */
function stepFactsOf(request: ApprovalCard): FactData[] {
  return request.steps.map((step, i) => ({ title: `Step ${i + 1} · ${step.title}`, value: `${stepMarks[step.state]}${step.summary ? `: ${step.summary}` : ''}` }));
}

/** Labels that fit a request of several steps, not all of them at Pax8. */
const steppedLabels: Partial<Record<ApprovalState, ApprovalCardData['state']>> = {
  executing: { label: 'Running its steps', color: 'accent' },
  succeeded: { label: 'Done', color: 'good' },
  failed: { label: 'Stopped part-way', color: 'attention' },
  unknown: { label: 'Outcome unknown, checking', color: 'attention' },
  scheduled: { label: 'Approved, waiting', color: 'accent' },
};

/**
 * The approvals so far: while pending, who and how many of how many (from the start when more than
 * one is needed), so a second approver sees that the first vote counted; once decided, who approved, unless that is
 * only the person the card already names as the decider.
 */
function approvalFacts(request: ApprovalCard): FactData[] {
  const { approvedBy, approvalsNeeded } = request;
  // Said from the start: a request above the threshold needs two distinct approvers.
  if (approvedBy.length === 0) return request.state === 'pending' && approvalsNeeded > 1 ? [{ title: 'Approvals', value: `none yet (${approvalsNeeded} different approvers needed)` }] : [];
  if (request.state === 'pending') {
    const missing = approvalsNeeded - approvedBy.length;
    const more = missing > 0 ? `; ${missing === 1 ? 'one more approver' : `${missing} more approvers`} needed` : '';
    return [{ title: 'Approvals', value: `${approvedBy.join(', ')} (${approvedBy.length} of ${approvalsNeeded}${more})` }];
  }
  if (approvedBy.length === 1 && approvedBy[0] === request.decidedBy) return [];
  return [{ title: 'Approved by', value: approvedBy.join(', ') }];
}

/** Presents an approval request for `viewer`; `note` (said to this viewer only) comes before the kind's own warnings. */
export function approvalCardData(request: ApprovalCard, viewer: Viewer, note?: string): ApprovalCardData {
  const preview = request.preview ? previewFacts(request.preview) : null;
  const buttons = request.actions.filter((a) => appliesIn(a.verb, request.state) && mayUse(a.verb, viewer)).map((a) => ({
    title: a.label,
    style: approvalButtonStyles[a.verb],
    verb: a.verb,
    data: { verb: a.verb, requestId: a.requestId, version: a.version },
  }));
  const who = request.requester.displayName ?? request.requester.email;
  const decided = request.decidedBy ? `${request.decidedBy}${request.decidedAt ? `, ${dateTime(request.decidedAt)}` : ''}` : null;
  return {
    title: request.summary,
    state: (request.steps.length > 0 ? steppedLabels[request.state] : undefined) ?? stateLabels[request.state],
    requestLine: `Request ${request.id} · ${request.requestKind}`,
    facts: knownFacts([
      { title: 'Requested by', value: text(who) },
      ...(preview?.facts ?? []),
      { title: 'Monthly cost change', value: moneyDelta(request.monthlyCostDelta, request.currency) },
      { title: 'Requested', value: dateTime(request.createdAt) },
      { title: request.state === 'pending' ? 'Expires' : 'Expiry', value: dateTime(request.expiresAt) },
      ...approvalFacts(request),
      { title: request.state === 'cancelled' ? 'Cancelled by' : 'Decided by', value: text(decided) },
      ...stepFactsOf(request),
      ...outcomeFacts(request),
    ]),
    commitment: preview?.commitment ?? '',
    // What the dry run said helps the decision; once decided, what happened is what the card shows.
    hasDryRun: preview?.dryRun != null && request.state === 'pending',
    dryRun: { ...(preview?.dryRun ?? { ok: true, text: '' }) },
    warnings: [...(note ? [note] : []), ...(preview?.warnings ?? [])],
    hasWarnings: note !== undefined || (preview?.warnings.length ?? 0) > 0,
    canAct: buttons.length > 0,
    canDeny: buttons.some((b) => b.verb === wireIds.cardVerbs.deny),
    buttons,
  };
}
