/**
 * Views as Slack messages. The approval card differs per copy (Slack cannot vary one message per
 * viewer): the approvals channel copy carries Approve and Deny, the requester's copy Cancel; the
 * intent layer checks the clicker's rights either way (`approvalCardFor`).
 *
 * Every text reaches Slack escaped (`escapeMrkdwn`, the one escaping function): a card's blocks and
 * `text` fallback through the card translation, a one-line answer through {@link plainMessage}.
 *
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
import { approvalCardFor } from '../../cards/approval-card-for.ts';
import type { SlackMessage } from '../../cards/block-kit.ts';
import { expandCard } from '../../cards/expand-card.ts';
import { escapeMrkdwn } from '../../cards/mrkdwn.ts';
import type { Viewer } from '../../cards/present/approval-card-data.ts';
import { toSlackMessage } from '../../cards/to-slack-message.ts';
import type { View } from '../../views/index.ts';

export const approverCopy: Viewer = { canDecide: true, isRequester: false };
export const requesterCopy: Viewer = { canDecide: false, isRequester: true };

declare const escaped: unique symbol;

/** A message of one line of text, without blocks, made by {@link plainMessage} only (so it is escaped). */
export interface PlainMessage {
  readonly text: string;
  readonly [escaped]: true;
}

/**
 * A one-line answer (a refusal, a decision's outcome, a fault) as a Slack message. The line may
 * carry a person's name, a company or a reason; escaped, `<!channel>` in it stays text.
 */
export function plainMessage(text: string): PlainMessage {
  return { text: escapeMrkdwn(text) } as PlainMessage;
}

/** The Slack message of a view; `viewer` matters for approval cards only. */
export function slackMessageFor(view: View, viewer: Viewer = requesterCopy): SlackMessage {
  if (view.kind === 'approvalRequest') return toSlackMessage(approvalCardFor(view, viewer));
  return toSlackMessage(expandCard(view.kind, view, { viewer }));
}
