import type { DecisionInput, DecisionResult, SubmitInput, SubmitResult } from '../approvals/decision-result.ts';
import type { ApprovalRequest, AuditRecord, RequestState } from '../store/index.ts';

/**
 * What the intent layer needs from the approvals engine and its store: open a request, decide on
 * one, and read requests and the audit log. Write intents only ever reach Pax8 through here, after
 * an approver said yes; the engine owns policy, the state machine and execution.
 */
export interface ApprovalsPort {
  submit(input: SubmitInput): Promise<SubmitResult>;
  approve(input: DecisionInput): Promise<DecisionResult>;
  deny(input: DecisionInput & { readonly reason: string }): Promise<DecisionResult>;
  cancel(input: DecisionInput & { readonly reason?: string }): Promise<DecisionResult>;
  /** Withdraw a scheduled change before it runs. */
  withdraw(input: DecisionInput & { readonly reason?: string }): Promise<DecisionResult>;
  /** Run the steps not done of a multi-step request that stopped part-way. */
  resume(input: DecisionInput): Promise<DecisionResult>;
  /** A new temporary password for a user an onboarding created whose password nobody knows. */
  newPassword(input: DecisionInput): Promise<DecisionResult>;
  get(requestId: string): Promise<ApprovalRequest | undefined>;
  /** Newest first. */
  list(filter: { readonly states?: readonly RequestState[]; readonly requesterEmail?: string; readonly limit: number }): Promise<ApprovalRequest[]>;
  /** Entries with `from <= at < to`, oldest first. */
  audit(range: { readonly from?: Date; readonly to?: Date }): Promise<AuditRecord[]>;
}

export type { ApprovalRequest, AuditRecord, DecisionResult, SubmitInput, SubmitResult };
