import type { Actor } from './intent-request.ts';
import type { IntentPolicy } from './ports.ts';

/** Roles are by e-mail, the identity Slack and Teams share (DESIGN "Config file"). */
const emailOf = (actor: Actor): string | undefined => actor.email?.trim().toLowerCase();

export function isAdmin(policy: IntentPolicy, actor: Actor): boolean {
  const email = emailOf(actor);
  return email !== undefined && policy.roles.admins.some((a) => a.toLowerCase() === email);
}

export function isApprover(policy: IntentPolicy, actor: Actor): boolean {
  const email = emailOf(actor);
  return email !== undefined && (isAdmin(policy, actor) || policy.roles.approvers.some((a) => a.toLowerCase() === email));
}

/** `requesters: ["*"]` lets anyone who can reach the bot ask; the engine checks again on submit. */
export function mayRequest(policy: IntentPolicy, actor: Actor): boolean {
  const email = emailOf(actor);
  return email !== undefined && policy.roles.requesters.some((r) => r === '*' || r.toLowerCase() === email);
}
