import type { AutoApproveRule, ConfigFile } from '../config-file.ts';
import type { KindDefinition } from './kind-definition.ts';

/** The policy part of the config file (`roles`, `approvals`), as `AppConfig.policy` holds it. */
export type ApprovalPolicy = Pick<ConfigFile, 'roles' | 'approvals'>;

/** The role a person acts in, strongest first. */
export type Role = 'admin' | 'approver' | 'requester';

const listed = (list: readonly string[], email: string): boolean => list.includes('*') || list.includes(email.toLowerCase());

/** The strongest role this e-mail has, or undefined (may not use approvals at all). */
export function roleOf(policy: ApprovalPolicy, email: string): Role | undefined {
  if (listed(policy.roles.admins, email)) return 'admin';
  if (listed(policy.roles.approvers, email)) return 'approver';
  if (listed(policy.roles.requesters, email)) return 'requester';
  return undefined;
}

/** Admins and approvers decide; everyone else is refused, whatever a card claims. */
export function mayApprove(policy: ApprovalPolicy, email: string): boolean {
  const role = roleOf(policy, email);
  return role === 'admin' || role === 'approver';
}

/** Admins, approvers and listed requesters may ask. */
export function mayRequest(policy: ApprovalPolicy, email: string): boolean {
  return roleOf(policy, email) !== undefined;
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
    if (!listed(rule.requesters, facts.requesterEmail)) return false;
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
export function autoApproveFacts(def: KindDefinition, payload: unknown, requesterEmail: string, monthlyCostDelta: number): AutoApproveFacts {
  return { kind: def.kind, requesterEmail, monthlyCostDelta, seats: def.seats?.(payload), company: def.company?.(payload) };
}
