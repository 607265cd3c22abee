/**
 * The approval card as one viewer should see it.
 *
 * Teams: post the read-only card (`readOnlyViewer`) with `refresh.userIds` listing the approvers
 * and the requester; Teams then sends each of them an `adaptiveCard/action` refresh invoke and the
 * bot answers with `approvalCardFor(view, thatViewer, …)`, so only they see their buttons.
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
  /** Teams user ids (MRIs) for whom Teams refreshes the card automatically; Teams allows 60. */
  userIds: readonly string[];
}

/** Teams refreshes automatically for at most this many users. */
export const maxRefreshUserIds = 60;

export function approvalCardFor(view: ApprovalRequestView, viewer: Viewer, options: { refresh?: ApprovalRefresh } = {}): AdaptiveCard {
  const card = expandCard('approvalRequest', view, { viewer });
  const refresh = options.refresh;
  if (!refresh || view.request.actions.length === 0 || refresh.userIds.length === 0) return card;
  const data = { verb: refresh.verb, requestId: view.request.id, version: view.request.version };
  return {
    ...card,
    refresh: { action: { type: 'Action.Execute', verb: refresh.verb, data }, userIds: refresh.userIds.slice(0, maxRefreshUserIds) },
  };
}
