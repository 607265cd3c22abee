import type { AutoApproveRule, ConfigFile } from '../config-file.ts';
import type { KindCommon } from './kind-definition.ts';

/**
 * The one place that answers role questions — who may request, approve, administer, read the audit
 * log, and which buttons a viewer gets on a card — for the engine, the intent layer and both
 * adapters alike. Roles are by e-mail, the identity Slack and Teams share (DESIGN "Config file");
 * `"*"` in a list means anyone who can reach the bot; a role includes the weaker ones.
 */

/** The policy part of the config file (`roles`, `approvals`), as `AppConfig.policy` holds it. */
export type ApprovalPolicy = Pick<ConfigFile, 'roles' | 'approvals'>;

/** What role questions need: the lists of `roles`. */
export type RolePolicy = { readonly roles: { readonly admins: readonly string[]; readonly approvers: readonly string[]; readonly requesters: readonly string[] } };

/** The role a person acts in, strongest first. */
export type Role = 'admin' | 'approver' | 'requester';

/** Someone without a known e-mail has no role: the bot cannot tell who they are. */
type Email = string | null | undefined;

const normal = (email: Email): string | undefined => {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : undefined;
};
const listed = (list: readonly string[], email: string): boolean => list.some((entry) => entry === '*' || entry.trim().toLowerCase() === email);

/** The strongest role this e-mail has, or undefined (may not use approvals at all). */
export function roleOf(policy: RolePolicy, email: Email): Role | undefined {
  const who = normal(email);
  if (who === undefined) return undefined;
  if (listed(policy.roles.admins, who)) return 'admin';
  if (listed(policy.roles.approvers, who)) return 'approver';
  if (listed(policy.roles.requesters, who)) return 'requester';
  return undefined;
}

/** Admins and approvers decide; everyone else is refused, whatever a card claims. */
export function mayApprove(policy: RolePolicy, email: Email): boolean {
  const role = roleOf(policy, email);
  return role === 'admin' || role === 'approver';
}

const strength: Record<Role, number> = { requester: 1, approver: 2, admin: 3 };

/**
 * Whether `email` may ask for a request of `kind`: their role is at least the one the kind names
 * (`requestedBy`; a requester's by default, so admins, approvers and listed requesters may ask).
 */
export function mayRequest(policy: RolePolicy, email: Email, kind: { readonly requestedBy: Role } = { requestedBy: 'requester' }): boolean {
  const role = roleOf(policy, email);
  return role !== undefined && strength[role] >= strength[kind.requestedBy];
}

/** Admins choose where approval cards go and map channels to companies. */
export function mayAdminister(policy: RolePolicy, email: Email): boolean {
  return roleOf(policy, email) === 'admin';
}

/** The audit log is for those who decide. */
export const mayReadAudit = mayApprove;

/** Who is looking at an approval card, as far as its buttons go (see `cards/present/approval-card-data.ts`). */
export interface CardViewer {
  readonly canDecide: boolean;
  readonly isRequester: boolean;
}

/**
 * The buttons `email` gets on a card of a request made by `requesterEmail`: Approve and Deny for
 * someone who may decide (not on their own request unless self-approval is allowed), Cancel for the
 * requester, Withdraw for either. Presentation only: the engine checks every click again.
 */
export function cardViewer(policy: RolePolicy & { readonly approvals: Pick<ApprovalPolicy['approvals'], 'selfApproval'> }, email: Email, requesterEmail: Email): CardViewer {
  const who = normal(email);
  const isRequester = who !== undefined && who === normal(requesterEmail);
  return { canDecide: mayApprove(policy, who) && (policy.approvals.selfApproval || !isRequester), isRequester };
}

/** Two distinct approvers when the monthly cost increase is above `secondApproverAbove`, else one. */
export function approvalsNeeded(policy: ApprovalPolicy, monthlyCostDelta: number): 1 | 2 {
  const threshold = policy.approvals.secondApproverAbove;
  return threshold !== null && monthlyCostDelta > threshold ? 2 : 1;
}

/** What auto-approval looks at; the per-day count is read inside the deciding transaction. */
export interface AutoApproveFacts {
  readonly kind: string;
  readonly requesterEmail: string;
  readonly monthlyCostDelta: number;
  readonly seats: number | undefined;
  readonly company: { id: string; name?: string | undefined } | undefined;
}

/**
 * The first rule whose static bounds all hold (kind, requester, seats, money, company); the caller
 * then checks the rule's per-requester daily limit. No rules (the default) means never.
 */
export function matchAutoApproveRule(policy: ApprovalPolicy, facts: AutoApproveFacts): AutoApproveRule | undefined {
  return policy.approvals.autoApprove.find((rule) => {
    if (!rule.kinds.includes(facts.kind)) return false;
    if (!listed(rule.requesters, facts.requesterEmail.trim().toLowerCase())) return false;
    if (rule.maxSeats !== undefined && (facts.seats === undefined || facts.seats > rule.maxSeats)) return false;
    if (rule.maxMonthlyCost !== undefined && facts.monthlyCostDelta > rule.maxMonthlyCost) return false;
    if (rule.companies !== undefined) {
      const c = facts.company;
      const names = rule.companies.map((n) => n.toLowerCase());
      if (!c || !(names.includes(c.id.toLowerCase()) || (c.name !== undefined && names.includes(c.name.toLowerCase())))) return false;
    }
    return true;
  });
}

/** The facts of a payload for auto-approval, from its kind definition. */
export function autoApproveFacts(def: KindCommon, payload: unknown, requesterEmail: string, monthlyCostDelta: number): AutoApproveFacts {
  return { kind: def.kind, requesterEmail, monthlyCostDelta, seats: def.seats?.(payload), company: def.company?.(payload) };
}
