import type { ApprovalRequest, ChannelRef, Person, RequestState } from '../store/approval-request.ts';
import type { ApprovalEvent } from './approval-events.ts';

/**
 * A decision as it arrives from a card click: only the request id and who clicked (plus the version
 * the card showed). Everything else (role, threshold, expiry) is looked up on the server.
 */
export interface DecisionInput {
  readonly requestId: string;
  readonly actor: { readonly email: string; readonly platform?: string; readonly userId?: string; readonly displayName?: string };
  readonly channel?: ChannelRef;
  readonly version?: number;
}

/** A new request from the intent layer. */
export interface SubmitInput {
  readonly kind: string;
  readonly payload: unknown;
  /** What the card showed (costs, commitment, dry run); stored for every later copy of the card, never executed. */
  readonly preview?: unknown;
  readonly requester: Person;
  readonly channel?: ChannelRef;
  readonly summary: string;
  /** The caller's estimate; the engine uses the larger of it and the kind's own figure. */
  readonly monthlyCostDelta?: number;
  /** E.g. the Slack/Teams event id: a platform retry returns the existing request. */
  readonly idempotencyKey?: string;
  /** Open it as "at renewal": once approved it waits for the 7-day window after the next term starts. */
  readonly atRenewal?: boolean;
  /** The Pax8 account (instance name) the change is for; absent = the default account. */
  readonly account?: string;
}

/** Refusals every decision can meet; expected outcomes, so results rather than exceptions. */
export type DecisionRefusal =
  | { readonly ok: false; readonly reason: 'not_found' }
  /**
   * The refusals below carry the request as it stands (when there is one), so the card the clicker
   * sees is redrawn with the refusal rather than replaced by it.
   */
  | { readonly ok: false; readonly reason: 'not_authorised'; readonly request?: ApprovalRequest }
  /** Cancel or withdraw by someone who is neither the requester nor an admin (nor, for a scheduled change, an approver). */
  | { readonly ok: false; readonly reason: 'requester_only'; readonly request?: ApprovalRequest }
  | { readonly ok: false; readonly reason: 'self_approval_forbidden'; readonly request?: ApprovalRequest }
  | { readonly ok: false; readonly reason: 'same_approver_twice'; readonly request?: ApprovalRequest }
  /** A denial must say why: the requester is told and the audit log keeps it. */
  | { readonly ok: false; readonly reason: 'reason_required'; readonly request: ApprovalRequest }
  | { readonly ok: false; readonly reason: 'expired'; readonly request: ApprovalRequest; readonly events: ApprovalEvent[] }
  | { readonly ok: false; readonly reason: 'stale_version'; readonly request: ApprovalRequest }
  /** Resume of a request that is not a multi-step one (a single write is asked again instead). */
  | { readonly ok: false; readonly reason: 'not_resumable'; readonly request: ApprovalRequest }
  /** Withdraw of a waiting multi-step request whose first steps are done already: it cannot be undone by withdrawing. */
  | { readonly ok: false; readonly reason: 'partly_done'; readonly request: ApprovalRequest }
  /** "New password" by someone who is neither the requester nor an approver. */
  | { readonly ok: false; readonly reason: 'requester_or_approver_only'; readonly request: ApprovalRequest }
  /** "New password" on a request with no account whose password is unknown (sent already, or being sent). */
  | { readonly ok: false; readonly reason: 'no_password_to_send'; readonly request: ApprovalRequest }
  /** "New password" while the request is still running its steps. */
  | { readonly ok: false; readonly reason: 'still_running'; readonly request: ApprovalRequest }
  /** Microsoft refused the new password, or its answer was lost: `detail` says which and what to do. */
  | { readonly ok: false; readonly reason: 'password_not_sent'; readonly detail: string; readonly request: ApprovalRequest; readonly events: ApprovalEvent[] }
  | {
      readonly ok: false;
      readonly reason: 'already_decided';
      readonly state: RequestState;
      readonly by: string | undefined;
      readonly at: Date | undefined;
      readonly request: ApprovalRequest;
    };

/** The answer to approve / deny / cancel. `request` is its state after everything this call caused. */
export type DecisionResult =
  | {
      readonly ok: true;
      readonly outcome: 'approved' | 'needs_second_approver' | 'denied' | 'cancelled' | 'withdrawn' | 'resumed' | 'password_sent';
      readonly request: ApprovalRequest;
      readonly events: ApprovalEvent[];
    }
  | DecisionRefusal;

/** The answer to submit. */
export type SubmitResult =
  /**
   * `existing`: a platform retry (same idempotency key); `repeated`: the requester's identical
   * request still open, returned instead of a second one.
   */
  | { readonly ok: true; readonly outcome: 'created' | 'existing' | 'repeated' | 'auto_approved'; readonly request: ApprovalRequest; readonly events: ApprovalEvent[] }
  | { readonly ok: false; readonly reason: 'not_authorised' }
  | { readonly ok: false; readonly reason: 'unknown_kind'; readonly kind: string }
  | { readonly ok: false; readonly reason: 'unknown_account'; readonly account: string }
  | { readonly ok: false; readonly reason: 'invalid_payload'; readonly issues: string[] };

/** The refusal for a request that is no longer pending. */
export function alreadyDecided(request: ApprovalRequest): DecisionRefusal {
  if (request.state === 'expired') return { ok: false, reason: 'expired', request, events: [] };
  return { ok: false, reason: 'already_decided', state: request.state, by: request.decidedBy, at: request.decidedAt, request };
}
