import { type Activity, CardFactory, MessageFactory } from 'botbuilder';
import { cardViewer } from '../../approvals/approval-policy.ts';
import type { AdaptiveCard } from '../../cards/adaptive-card.ts';
import { type ApprovalRefresh, approvalCardFor } from '../../cards/approval-card-for.ts';
import { cardForView } from '../../cards/expand-card.ts';
import { type Viewer, readOnlyViewer } from '../../cards/present/approval-card-data.ts';
import type { AppConfig } from '../../config.ts';
import type { Actor } from '../../intents/index.ts';
import type { ApprovalCard, View } from '../../views/index.ts';
import { wireIds } from '../../wire-ids.ts';
import type { TeamsConversations } from './teams-conversations.ts';

type Policy = AppConfig['policy'];

/**
 * Turns views into Teams messages. Approval cards are posted read-only with `refresh.userIds`
 * naming the requester first, then the admins and approvers in the config file's order (those Teams
 * has seen); Teams asks the bot for each of their views, and only they get buttons. Past the 60
 * users Teams refreshes automatically, or with "*" in a role list, the card says "Show my buttons"
 * to everyone else (see `approvalCardFor`); the answer is still per viewer.
 */
export function createTeamsRenderer(policy: Policy, conversations: TeamsConversations) {
  async function refreshFor(request: ApprovalCard): Promise<ApprovalRefresh> {
    const deciders = [...policy.roles.admins, ...policy.roles.approvers];
    const emails = new Set([request.requester.email ?? '', ...deciders].map((e) => e.trim().toLowerCase()).filter((e) => e !== '' && e !== '*'));
    const members = await Promise.all([...emails].map((email) => conversations.member(email)));
    const userIds = [...new Set(members.flatMap((m) => (m ? [m.userId] : [])))];
    return { verb: wireIds.cardVerbs.refresh, userIds, othersToo: deciders.some((e) => e.trim() === '*') };
  }

  /**
   * The card one `viewer` should see for a view (an invoke's answer), or with no viewer the card
   * posted for everyone; approval cards carry the refresh for everybody else.
   */
  async function cardFor(view: View, viewer?: Viewer): Promise<AdaptiveCard> {
    if (view.kind !== 'approvalRequest') return cardForView(view, { viewer: viewer ?? readOnlyViewer });
    return approvalCardFor(view, viewer ?? readOnlyViewer, { refresh: await refreshFor(view.request), forEveryone: viewer === undefined });
  }

  return {
    cardFor,
    async activityFor(view: View): Promise<Partial<Activity>> {
      return messageWithCard(await cardFor(view));
    },
  };
}

export type TeamsRenderer = ReturnType<typeof createTeamsRenderer>;

export function messageWithCard(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/**
 * Which buttons of an approval card `actor` gets: Approve/Deny for an approver (not on their own
 * request unless self-approval is allowed), Cancel for the requester. Presentation only: the
 * approvals engine checks every click again.
 */
export function viewerFor(policy: Policy, actor: Actor, request: ApprovalCard | null): Viewer {
  return request ? cardViewer(policy, actor.email, request.requester.email) : readOnlyViewer;
}
