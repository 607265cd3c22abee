import { cardViewer } from '../approvals/approval-policy.ts';
import { isClosedSubscription, type Subscription } from '../pax8/index.ts';
import type { ApprovalAction } from '../views/approval-views.ts';
import type { CommandAction } from '../views/view-parts.ts';
import { type CommandWord, wireIds } from '../wire-ids.ts';
import { approvalActions } from './approval-card.ts';
import type { ApprovalRequest } from './approvals-port.ts';
import type { RequestContext } from './intent-request.ts';
import type { IntentPolicy } from './ports.ts';
import { accountArgs, arg, commandLine } from './view-helpers.ts';

/**
 * The buttons on the rows of `subs`, `renewals`, `orders` and `requests`. Each runs a command a
 * technician could type (verb `choose`), in the account the list was narrowed to (`--account`), or
 * is the approval card's own Approve / Deny, so a click from a list takes the same path as one on
 * the card: the same grammar, the same policy, the same compare-and-set on the request's version.
 */

const w = wireIds.commands;

/** A button running `<word> <id>`, kept in the list's account. */
export function commandAction(label: string, word: CommandWord, id: string, list: Pick<RequestContext, 'account'>): CommandAction {
  return { verb: wireIds.cardVerbs.choose, label, command: commandLine(word, arg(id), ...accountArgs(list)) };
}

/**
 * A subscription row: Details; Seats (a form asks for the new total) and, on `subs`, Cancel, unless
 * the subscription is closed already.
 */
export function subscriptionActions(sub: Pick<Subscription, 'id' | 'status'>, list: Pick<RequestContext, 'account'>, options: { cancel: boolean }): CommandAction[] {
  const details = commandAction('Details', w.sub, sub.id, list);
  if (isClosedSubscription(sub)) return [details];
  return [details, commandAction('Seats', w.seats, sub.id, list), ...(options.cancel ? [commandAction('Cancel', w.cancel, sub.id, list)] : [])];
}

/**
 * A request row: Approve and Deny (the approval card's own actions, stamped with the version) while
 * it is pending and the viewer may decide it — never on their own request unless self-approval is
 * allowed —, then Show card, which posts the request's approval card with the viewer's buttons.
 */
export function requestActions(request: ApprovalRequest, viewer: RequestContext, policy: IntentPolicy): (ApprovalAction | CommandAction)[] {
  const may = cardViewer(policy, viewer.actor.email, request.requester.email);
  const decide = request.state === 'pending' && may.canDecide ? approvalActions(request).filter((a) => a.verb === wireIds.cardVerbs.approve || a.verb === wireIds.cardVerbs.deny) : [];
  return [...decide, commandAction('Show card', w.request, request.id, {})];
}
