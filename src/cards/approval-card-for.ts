/**
 * The approval card as one viewer should see it.
 *
 * Teams: post the read-only card (`readOnlyViewer`) with `refresh.userIds` listing the approvers
 * and the requester; Teams then sends each of them an `adaptiveCard/action` refresh invoke and the
 * bot answers with `approvalCardFor(view, thatViewer, …)`, so only they see their buttons. Teams
 * refreshes automatically for 60 users at most: when more people may get buttons (or a role list
 * says "*", anyone), the first 60 are listed and the card posted for everyone also offers
 * "Show my buttons", an `Action.Execute` with the same refresh verb, so anyone else asks for their
 * own view with one click (Teams' own "Refresh card" menu item does the same).
 * Slack cannot vary one channel message per viewer: post `{ canDecide: true, isRequester: false }`
 * in the approvals channel and `{ canDecide: false, isRequester: true }` to the requester; the
 * intent layer checks the clicker's rights either way.
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views
 */
import type { AdaptiveCard } from './adaptive-card.ts';
import type { ApprovalRequestView } from '../views/index.ts';
import { expandCard } from './expand-card.ts';
import type { Viewer } from './present/approval-card-data.ts';

export interface ApprovalRefresh {
  /** The card verb Teams sends back to refresh the card (the wire-ids table's refresh verb). */
  verb: string;
  /** Teams user ids (MRIs) of those who get buttons, most needed first; Teams refreshes the first 60 automatically. */
  userIds: readonly string[];
  /** Someone who may get buttons has no id in `userIds` (a role list says "*"). */
  othersToo?: boolean;
}

/** Teams refreshes automatically for at most this many users. */
export const maxRefreshUserIds = 60;

/** The title of the button that asks for one's own view of a card when Teams does not refresh it automatically. */
export const showMyButtonsTitle = 'Show my buttons';

export interface ApprovalCardOptions {
  refresh?: ApprovalRefresh;
  /** The card is posted for everyone (not one viewer's answer): it gets "Show my buttons" when the refresh leaves people out. */
  forEveryone?: boolean;
}

export function approvalCardFor(view: ApprovalRequestView, viewer: Viewer, options: ApprovalCardOptions = {}): AdaptiveCard {
  const card = expandCard('approvalRequest', view, { viewer });
  const refresh = options.refresh;
  const leftOut = refresh !== undefined && (refresh.othersToo === true || refresh.userIds.length > maxRefreshUserIds);
  if (!refresh || view.request.actions.length === 0 || (refresh.userIds.length === 0 && !leftOut)) return card;
  const data = { verb: refresh.verb, requestId: view.request.id, version: view.request.version };
  const showMine = leftOut && options.forEveryone === true && (card.actions ?? []).length === 0;
  return {
    ...card,
    refresh: { action: { type: 'Action.Execute', verb: refresh.verb, data }, userIds: refresh.userIds.slice(0, maxRefreshUserIds) },
    ...(showMine ? { actions: [{ type: 'Action.Execute', title: showMyButtonsTitle, verb: refresh.verb, data }] } : {}),
  };
}
