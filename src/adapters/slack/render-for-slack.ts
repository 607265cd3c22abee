/**
 * Views as Slack messages. The approval card differs per copy (Slack cannot vary one message per
 * viewer): the approvals channel copy carries Approve and Deny, the requester's copy Cancel; the
 * intent layer checks the clicker's rights either way (`approvalCardFor`).
 */
import { approvalCardFor } from '../../cards/approval-card-for.ts';
import type { SlackMessage } from '../../cards/block-kit.ts';
import { expandCard } from '../../cards/expand-card.ts';
import type { Viewer } from '../../cards/present/approval-card-data.ts';
import { toSlackMessage } from '../../cards/to-slack-message.ts';
import type { View } from '../../views/index.ts';

export const approverCopy: Viewer = { canDecide: true, isRequester: false };
export const requesterCopy: Viewer = { canDecide: false, isRequester: true };

/** The Slack message of a view; `viewer` matters for approval cards only. */
export function slackMessageFor(view: View, viewer: Viewer = requesterCopy): SlackMessage {
  if (view.kind === 'approvalRequest') return toSlackMessage(approvalCardFor(view, viewer));
  return toSlackMessage(expandCard(view.kind, view, { viewer }));
}
